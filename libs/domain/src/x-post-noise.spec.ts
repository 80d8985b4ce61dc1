import { isXPostNoise, type XTweet } from './x-post-noise.js';

const ACCOUNT = '2854829713';

describe(isXPostNoise.name, () => {
  it.each<[string, XTweet]>([
    ['a reply to another account', { text: 'Thanks, we are on it.', in_reply_to_user_id: '1102938475' }],
    [
      "the sample timeline's reply",
      {
        text: "@contoso_it Thanks for reporting this. We're investigating under TM1199007.",
        in_reply_to_user_id: '1102938475',
        referenced_tweets: [{ type: 'replied_to', id: '1991198800123123123' }],
      },
    ],
    [
      'a reply without its user id',
      { text: 'Thanks!', referenced_tweets: [{ type: 'replied_to', id: '1' }] },
    ],
    ['a text addressed to a user', { text: '@contoso_it Please open a ticket.' }],
    ['a text addressed to a user after spaces', { text: '  @contoso_it Please open a ticket.' }],
    ['a repost', { text: 'Outage on EX571516', referenced_tweets: [{ type: 'retweeted', id: '2' }] }],
    ['a repost by its text', { text: 'RT @Microsoft365: We are investigating EX571516' }],
  ])('ignores %s', (_, tweet) => {
    expect(isXPostNoise(tweet, ACCOUNT)).toBe(true);
  });

  it.each<[string, XTweet]>([
    ['a post of its own', { text: "We're investigating an issue. Reference: MO1199001" }],
    [
      'a post with empty references',
      { text: 'EX571516 is resolved.', in_reply_to_user_id: null, referenced_tweets: [] },
    ],
    [
      'a quote of another post',
      { text: 'More on EX571516', referenced_tweets: [{ type: 'quoted', id: '3' }] },
    ],
    [
      'a mention that does not open the text',
      { text: 'Thanks @contoso_it, we are investigating TM1199007.' },
    ],
    [
      'a reply to itself, threading an incident',
      {
        text: 'We have deployed a fix for TM1199007.',
        in_reply_to_user_id: ACCOUNT,
        referenced_tweets: [{ type: 'replied_to', id: '4' }],
      },
    ],
  ])('keeps %s', (_, tweet) => {
    expect(isXPostNoise(tweet, ACCOUNT)).toBe(false);
  });

  it('takes every reply as noise when the account id is not known', () => {
    const tweet = { text: 'We have deployed a fix.', in_reply_to_user_id: ACCOUNT };
    expect(isXPostNoise(tweet, null)).toBe(true);
    expect(isXPostNoise({ text: 'We have deployed a fix.' }, null)).toBe(false);
  });
});
