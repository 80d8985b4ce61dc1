import { xPostPayload } from '#domain';
import { z } from 'zod';

/** X ids are 64-bit integers written as decimal strings (too large for a JS number). */
export const xIdSchema = z.string().regex(/^\d{1,20}$/, 'expected a numeric id');

/** `GET /2/users/by/username/:username`: the user, or `errors` when there is none by that name. */
export const xUserAnswerSchema = z.looseObject({
  data: z
    .looseObject({ id: xIdSchema, username: z.string().optional(), name: z.string().optional() })
    .optional(),
  errors: z.array(z.looseObject({ title: z.string().optional(), detail: z.string().optional() })).optional(),
});

/**
 * A post of the timeline: the `x.post` payload, whose own id must also be numeric here, because the cursor
 * compares ids as numbers (`since_id`).
 */
export const xTimelinePostSchema = xPostPayload.extend({ id: xIdSchema });

/**
 * `GET /2/users/:id/tweets`, one page: posts are validated one by one, so they are `unknown` here; `meta`
 * is required, because the client library's paginator reads it.
 */
export const xTimelinePageSchema = z.looseObject({
  data: z.array(z.unknown()).optional(),
  meta: z.looseObject({
    result_count: z.number().int().nonnegative(),
    newest_id: xIdSchema.optional(),
    oldest_id: xIdSchema.optional(),
    next_token: z.string().optional(),
  }),
});

export type XUserAnswer = z.output<typeof xUserAnswerSchema>;
export type XTimelinePageAnswer = z.output<typeof xTimelinePageSchema>;
