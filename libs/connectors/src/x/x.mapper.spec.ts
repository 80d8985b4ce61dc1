import type { XPost } from '#domain';
import { isReplyOrRepost, newerXId, toXPostSignal } from './x.mapper.js';

const ACCOUNT = '2854829713';

describe(isReplyOrRepost.name, () => {
  const post: XPost = { id: '1', text: "We're investigating an issue with Outlook on the web. EX571516" };

  it.each<[string, Partial<XPost>, boolean]>([
    ['a post of its own', {}, false],
    [
      'a reply to a user',
      { in_reply_to_user_id: '1102938475', referenced_tweets: [{ type: 'replied_to', id: '9' }] },
      true,
    ],
    ['a reply known only by its reference', { referenced_tweets: [{ type: 'replied_to', id: '9' }] }, true],
    [
      'a reply to itself (a thread)',
      { in_reply_to_user_id: ACCOUNT, referenced_tweets: [{ type: 'replied_to', id: '9' }] },
      false,
    ],
    ['a repost', { referenced_tweets: [{ type: 'retweeted', id: '9' }] }, true],
    ['a quote of another post', { referenced_tweets: [{ type: 'quoted', id: '9' }] }, false],
    ['a post with null reply fields', { in_reply_to_user_id: null, referenced_tweets: null }, false],
  ])('says %s is %j', (_case, fields, expected) => {
    expect(isReplyOrRepost({ ...post, ...fields }, ACCOUNT)).toBe(expected);
  });
});

describe(toXPostSignal.name, () => {
  it('keys the post by its id, published when created', () => {
    const tweet: XPost = {
      id: '1991201874123456789',
      text: 'TM1199007',
      created_at: '2026-11-20T10:31:07.000Z',
    };
    expect(toXPostSignal(tweet)).toMatchObject({
      channel: 'X',
      tenantId: null,
      kind: 'x.post',
      externalId: '1991201874123456789',
      publishedAt: new Date('2026-11-20T10:31:07Z'),
      payload: tweet,
    });
  });
});

describe(newerXId.name, () => {
  it.each<[string | null, string | null, string | null]>([
    [null, null, null],
    ['5', null, '5'],
    [null, '5', '5'],
    // Beyond Number.MAX_SAFE_INTEGER: compared as integers, not as floats or strings.
    ['1991201874123456789', '1991201874123456788', '1991201874123456789'],
    ['999', '1000', '1000'],
  ])('of %j and %j is %j', (a, b, expected) => {
    expect(newerXId(a, b)).toBe(expected);
  });
});
