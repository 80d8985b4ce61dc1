import { z } from 'zod';

/**
 * An ISO 8601 date-time as the upstreams write it: any fraction of a second, `Z` or an offset. Looser than
 * `z.iso.datetime()` on purpose: Graph writes up to seven fractional digits, the status site `+00:00`.
 */
export const isoDateTimeSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, 'expected an ISO 8601 date-time')
  .refine((value) => !Number.isNaN(Date.parse(value)), 'expected a valid date-time');

/**
 * An optional date-time field of a payload: stored as the upstream wrote it (the schema's input), read as a
 * Date, or null when absent (its output).
 */
export const payloadDateTime = isoDateTimeSchema
  .nullish()
  .transform((value) => (value ? new Date(value) : null));
