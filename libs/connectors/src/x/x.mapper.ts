import type { RawSignal, XPost } from '#domain';
import { toRawSignal } from '../shared/raw-signal.factory.js';
import { toTimestamp } from '../shared/timestamp.util.js';

/**
 * Whether a post is a repost, or a reply to someone else: the timeline is asked to exclude both, and this
 * drops whatever still comes through. The account's replies to itself are how it threads one incident's
 * updates, so they stay.
 */
export function isReplyOrRepost(tweet: XPost, accountId: string): boolean {
  const references = tweet.referenced_tweets ?? [];
  if (references.some((reference) => reference.type === 'retweeted')) return true;
  const isReply =
    tweet.in_reply_to_user_id != null || references.some((reference) => reference.type === 'replied_to');
  return isReply && tweet.in_reply_to_user_id !== accountId;
}

export function toXPostSignal(tweet: XPost): RawSignal {
  return toRawSignal({
    channel: 'X',
    tenantId: null,
    kind: 'x.post',
    externalId: tweet.id,
    publishedAt: toTimestamp(tweet.created_at),
    payload: tweet,
  });
}

/** The larger of two X ids (decimal strings of 64-bit integers), either possibly missing. */
export function newerXId(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return BigInt(a) >= BigInt(b) ? a : b;
}
