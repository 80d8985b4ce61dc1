/** The fields of an X API v2 post that tell a reply or a repost from a post of the account's own. */
export interface XTweet {
  text: string;
  in_reply_to_user_id?: string | null;
  referenced_tweets?: readonly { type: string; id?: string }[] | null;
}

/**
 * Whether a post is noise for correlation: a reply to another account or a repost (semantics.md). The
 * account's replies to itself are how it threads an incident's updates, so they count.
 */
export function isXPostNoise(tweet: XTweet, accountId: string | null): boolean {
  const types = new Set((tweet.referenced_tweets ?? []).map((ref) => ref.type));
  const text = tweet.text.trimStart();
  if (types.has('retweeted') || text.startsWith('RT @')) return true;
  if (text.startsWith('@')) return true;
  const isReply = tweet.in_reply_to_user_id != null || types.has('replied_to');
  return isReply && (accountId === null || tweet.in_reply_to_user_id !== accountId);
}
