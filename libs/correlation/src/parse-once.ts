import type { z } from 'zod';

/**
 * Reads a payload once, however many signals carry it: the log hands the signals that share a payload
 * (each tenant's copy of one Graph issue) the same object, so a first import of a thousand tenants reads
 * each issue once. The reading must depend on the payload alone.
 */
export function readOnce<T>(
  read: (payload: Record<string, unknown>) => T,
): (payload: Record<string, unknown>) => T {
  const readings = new WeakMap<object, { value: T }>();
  return (payload) => {
    let known = readings.get(payload);
    if (!known) {
      known = { value: read(payload) };
      readings.set(payload, known);
    }
    return known.value;
  };
}

/** A schema's `safeParse`, once per payload (see `readOnce`). */
export function parseOnce<S extends z.ZodType>(schema: S) {
  return readOnce((payload) => schema.safeParse(payload));
}
