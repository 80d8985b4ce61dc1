import { z } from 'zod';
import { payloadDateTime } from './date-time.schema.js';

const text = z.string().nullish();

/**
 * `x.post`: a post as the timeline returns it with the `tweet.fields` Beacon asks for. Unknown fields are
 * kept. Ids are strings (X writes 64-bit integers as decimal strings); the connector also requires the
 * post's own id to be numeric, because its cursor compares ids as numbers.
 */
export const xPostPayload = z.looseObject({
  id: z.string().min(1),
  text: z.string(),
  created_at: payloadDateTime,
  author_id: text,
  in_reply_to_user_id: text,
  conversation_id: text,
  referenced_tweets: z.array(z.looseObject({ type: z.string(), id: z.string() })).nullish(),
  edit_history_tweet_ids: z.array(z.string()).nullish(),
});

/** A post as X sent it (and as it is stored): `created_at` is a string. */
export type XPost = z.input<typeof xPostPayload>;
/** A stored post as read: `created_at` is a Date. */
export type XPostPayload = z.output<typeof xPostPayload>;
