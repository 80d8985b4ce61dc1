import { ApiResponseError } from 'twitter-api-v2';
import type { ScenarioInput } from '../scenario/scenario.schema.js';
import { startSimulator, type RunningSimulator } from '../simulator.js';
import { xClient } from '../testing/real-clients.js';
import { buildXServer } from './x.server.js';

const USER_ID = '2854829713';
const UPDATES = 12;

const scenario: ScenarioInput = {
  name: 'x-spec',
  startsAt: '2026-11-20T10:00:00Z',
  x: {
    tweets: [
      {
        at: '-2h',
        text: "We're investigating an issue where users may experience delays sending or receiving email. Further details can be found under EX1201458 in the admin center.",
      },
      {
        at: '-90m',
        kind: 'reply',
        text: "@contoso_it Thanks for reporting this. We're investigating under EX1201458; please follow along here for updates.",
      },
      {
        at: '-80m',
        kind: 'repost',
        text: 'RT @Microsoft365: Having trouble with email? Follow @MSFT365Status for the latest on EX1201458.',
      },
      ...Array.from({ length: UPDATES }, (_, index) => ({
        at: -3600 + index * 60,
        text: `We're continuing to monitor mail flow as it recovers (${index}). More info under EX1201458.`,
      })),
      { at: '5m', text: "We've confirmed that mail flow has fully recovered. More info under EX1201458." },
    ],
  },
};

const errorOf = async (request: Promise<unknown>): Promise<ApiResponseError> => {
  try {
    await request;
  } catch (error) {
    if (error instanceof ApiResponseError) return error;
    throw error;
  }
  throw new Error('expected an ApiResponseError');
};

describe(buildXServer.name, () => {
  let simulator: RunningSimulator;

  beforeAll(async () => {
    simulator = await startSimulator({ scenario });
  });
  afterAll(() => simulator.stop());
  beforeEach(() => simulator.timeline.advanceTo(0));

  it('looks the account up by username, as samples/x-user.json', async () => {
    const response = await fetch(`${simulator.urls.x}/2/users/by/username/MSFT365Status`, {
      headers: { authorization: `Bearer ${simulator.scenario.x.bearerToken}` },
    });

    expect(await response.text()).toBe(
      '{"data":{"id":"2854829713","name":"Microsoft 365 Status","username":"MSFT365Status"}}',
    );
    expect(response.headers.get('x-rate-limit-limit')).toBe('900');
    expect(response.headers.get('x-rate-limit-remaining')).toBe('899');
    const user = await xClient(simulator).v2.userByUsername('msft365status');
    expect(user.data).toEqual({ id: USER_ID, name: 'Microsoft 365 Status', username: 'MSFT365Status' });
  });

  it('reports an unknown account in errors under a 200, as X does', async () => {
    const user = await xClient(simulator).v2.userByUsername('nobody_here');

    expect(user.data).toBeUndefined();
    expect(user.errors?.[0]).toMatchObject({ title: 'Not Found Error', resource_type: 'user' });
  });

  it('pages through the timeline with pagination tokens, excluding replies and reposts on request', async () => {
    const paginator = await xClient(simulator).v2.userTimeline(USER_ID, {
      exclude: ['replies', 'retweets'],
      max_results: 5,
      'tweet.fields': ['created_at'],
    });
    expect(paginator.meta.result_count).toBe(5);
    expect(paginator.meta.next_token).toEqual(expect.any(String));
    while (!paginator.done) await paginator.fetchNext();

    const tweets = paginator.tweets;
    expect(tweets).toHaveLength(UPDATES + 1);
    expect(tweets.every((tweet) => !tweet.text.startsWith('@') && !tweet.text.startsWith('RT @'))).toBe(true);
    expect(tweets.map((tweet) => BigInt(tweet.id))).toEqual(
      [...tweets.map((tweet) => BigInt(tweet.id))].sort((a, b) => (a > b ? -1 : 1)),
    );
    expect(tweets.at(-1)).toMatchObject({ created_at: '2026-11-20T08:00:00.000Z' });
  });

  it('keeps replies and reposts in the data, marked as such, until excluded', async () => {
    const paginator = await xClient(simulator).v2.userTimeline(USER_ID, {
      max_results: 100,
      'tweet.fields': ['created_at', 'in_reply_to_user_id', 'referenced_tweets'],
    });

    expect(paginator.tweets).toHaveLength(UPDATES + 3);
    const reply = paginator.tweets.find((tweet) => tweet.text.startsWith('@contoso_it'));
    expect(reply && Object.keys(reply)).toEqual([
      'id',
      'created_at',
      'text',
      'in_reply_to_user_id',
      'referenced_tweets',
      'edit_history_tweet_ids',
    ]);
    expect(reply?.referenced_tweets?.[0]?.type).toBe('replied_to');
    const repost = paginator.tweets.find((tweet) => tweet.text.startsWith('RT @'));
    expect(repost?.referenced_tweets?.[0]?.type).toBe('retweeted');
  });

  it('serves only the default fields when none are asked for', async () => {
    const paginator = await xClient(simulator).v2.userTimeline(USER_ID, { max_results: 5 });

    expect(Object.keys(paginator.tweets[0] ?? {})).toEqual(['id', 'text', 'edit_history_tweet_ids']);
  });

  it('returns only newer posts after since_id, and an empty meta when there are none', async () => {
    const client = xClient(simulator).v2;
    const first = await client.userTimeline(USER_ID, { exclude: ['replies', 'retweets'], max_results: 5 });
    const newest = first.meta.newest_id;

    const none = await client.userTimeline(USER_ID, { since_id: newest, max_results: 5 });
    expect(none.meta).toEqual({ result_count: 0 });
    expect(none.tweets).toEqual([]);

    simulator.timeline.advanceTo(300);
    const later = await client.userTimeline(USER_ID, { since_id: newest, max_results: 5 });
    expect(later.tweets.map((tweet) => tweet.text)).toEqual([
      "We've confirmed that mail flow has fully recovered. More info under EX1201458.",
    ]);
    expect(later.meta).toMatchObject({
      result_count: 1,
      newest_id: later.tweets[0]?.id,
      oldest_id: later.tweets[0]?.id,
    });
  });

  it.each([4, 101])('refuses max_results=%p with a 400', async (maxResults) => {
    const error = await errorOf(xClient(simulator).v2.userTimeline(USER_ID, { max_results: maxResults }));

    expect(error.code).toBe(400);
    expect(error.data).toMatchObject({ title: 'Invalid Request' });
  });

  it('requires the bearer token', async () => {
    const error = await errorOf(xClient(simulator, 'wrong').v2.userByUsername('MSFT365Status'));

    expect(error.code).toBe(401);
    expect(error.data).toMatchObject({ title: 'Unauthorized', status: 401 });
  });
});

describe(`${buildXServer.name} rate limits`, () => {
  let simulator: RunningSimulator;

  beforeAll(async () => {
    simulator = await startSimulator({
      scenario: {
        name: 'x-rate-spec',
        startsAt: '2026-11-20T10:00:00Z',
        x: { rateLimit: { limit: 3, windowSeconds: 900 } },
      },
    });
  });
  afterAll(() => simulator.stop());

  it('answers 429 without Retry-After once the window is spent, and says when it resets', async () => {
    const client = xClient(simulator).v2;
    for (const remaining of [2, 1, 0]) {
      const page = await client.userTimeline(USER_ID, { max_results: 5 });
      expect(page.rateLimit).toEqual({
        limit: 3,
        remaining,
        reset: Date.parse('2026-11-20T10:15:00Z') / 1000,
      });
    }

    const error = await errorOf(client.userTimeline(USER_ID, { max_results: 5 }));
    expect(error.code).toBe(429);
    expect(error.rateLimitError).toBe(true);
    expect(error.rateLimit).toMatchObject({ remaining: 0, reset: Date.parse('2026-11-20T10:15:00Z') / 1000 });
    expect(error.headers['retry-after']).toBeUndefined();
    expect((await client.userByUsername('MSFT365Status')).data?.id).toBe(USER_ID);

    simulator.timeline.advanceTo(900);
    expect((await client.userTimeline(USER_ID, { max_results: 5 })).rateLimit.remaining).toBe(2);
  });
});
