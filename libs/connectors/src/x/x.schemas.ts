import { z } from 'zod';
import { isoDateTimeSchema } from '../shared/datetime.schema.js';

/** X ids are 64-bit integers written as decimal strings (too large for a JS number). */
export const xIdSchema = z.string().regex(/^\d{1,20}$/, 'expected a numeric id');

/** `GET /2/users/by/username/:username`: the user, or `errors` when there is none by that name. */
export const xUserAnswerSchema = z.looseObject({
  data: z
    .looseObject({ id: xIdSchema, username: z.string().optional(), name: z.string().optional() })
    .optional(),
  errors: z.array(z.looseObject({ title: z.string().optional(), detail: z.string().optional() })).optional(),
});

/** A post as the timeline returns it with the `tweet.fields` Beacon asks for. Unknown fields are kept. */
export const xTweetSchema = z.looseObject({
  id: xIdSchema,
  text: z.string(),
  created_at: isoDateTimeSchema.optional(),
  in_reply_to_user_id: xIdSchema.nullish(),
  conversation_id: xIdSchema.optional(),
  referenced_tweets: z.array(z.looseObject({ type: z.string(), id: xIdSchema })).nullish(),
  edit_history_tweet_ids: z.array(xIdSchema).optional(),
});

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
export type XTweet = z.output<typeof xTweetSchema>;
export type XTimelinePageAnswer = z.output<typeof xTimelinePageSchema>;
