import type { PollResult } from '#connectors';
import type { ScenarioInput } from '../../../apps/simulator/src/index.js';
import {
  only,
  poll,
  pollFailure,
  simulateUpstreams,
  type SimulatedUpstreams,
} from './simulated-upstreams.js';

const ACCOUNT = '2854829713';

/** 150 posts over the last days (with a reply and a repost among them), one more at 60 s, 120 more from 200 s. */
const scenario = (rateLimit = { limit: 900, windowSeconds: 900 }): ScenarioInput => ({
  name: 'connectors-x',
  duration: 7200,
  x: {
    rateLimit,
    tweets: [
      ...Array.from({ length: 150 }, (_, index) => ({
        at: -3600 - index * 600,
        text: `We're investigating an issue with Exchange Online. More info under EX12${String(index).padStart(5, '0')}.`,
      })),
      { at: -1800, kind: 'reply', text: '@contoso_it Thanks, we are looking into it.' },
      { at: -1700, kind: 'repost', text: 'RT @Microsoft365: New features this week' },
      { at: 60, text: "We've identified the cause of the Teams meeting join failures. TM1201502" },
      ...Array.from({ length: 120 }, (_, index) => ({
        at: 200 + index,
        text: `Update ${index} on MO1201511.`,
      })),
    ],
  },
  faults: [
    { channel: 'x', kind: 'serverError', status: 503, from: 1000, for: 10 },
    { channel: 'x', kind: 'throttled', from: 1100, for: 10 },
    { channel: 'x', kind: 'timeout', from: 1200, for: 10 },
    { channel: 'x', kind: 'truncated', from: 1300, for: 10 },
    { channel: 'x', kind: 'malformed', from: 1400, for: 10 },
    { channel: 'x', kind: 'htmlShell', from: 1500, for: 10 },
    { channel: 'x', kind: 'expiredCredentials', from: 1600, for: 10 },
    { channel: 'x', kind: 'forbidden', from: 1700, for: 10 },
    { channel: 'x', kind: 'revokedCredentials', from: 1800, for: 10 },
  ],
});

const ids = (result: PollResult) => result.signals.map((signal) => signal.externalId);

describe('X connector against the simulator', () => {
  let upstreams: SimulatedUpstreams;

  beforeAll(async () => {
    upstreams = await simulateUpstreams(scenario());
  });
  afterAll(() => upstreams.stop());
  beforeEach(() => upstreams.at(0));

  const x = () => only(upstreams.connectors(), 'X');

  it('reads only the newest page on the first poll, and keeps the user id in the cursor', async () => {
    const result = await poll(x());
    expect(result.signals).toHaveLength(100);
    expect(result.signals.every((signal) => signal.kind === 'x.post' && signal.tenantId === null)).toBe(true);
    expect(result.signals.map((signal) => signal.payload.text)).not.toContainEqual(
      expect.stringMatching(/^(@|RT @)/),
    );
    expect(result.cursor).toEqual({
      userId: ACCOUNT,
      username: 'MSFT365Status',
      sinceId: result.signals[0]?.externalId,
    });
    expect(result).toMatchObject({ requests: 2, throttledMs: 0, partial: undefined });
  });

  it('reads what came since the cursor, without looking the user up again after a restart', async () => {
    const first = await poll(x());
    upstreams.at(65);
    const second = await poll(x(), first.cursor);
    expect(second.signals.map((signal) => signal.payload.text)).toEqual([
      "We've identified the cause of the Teams meeting join failures. TM1201502",
    ]);
    expect(second.requests).toBe(1);
    expect(second.signals[0]?.publishedAt).toBeInstanceOf(Date);
    upstreams.at(70);
    const nothing = await poll(x(), second.cursor);
    expect(nothing.signals).toEqual([]);
    expect(nothing.cursor).toEqual(second.cursor);
  });

  it('follows every page of an incremental poll', async () => {
    upstreams.at(65);
    const before = await poll(x());
    upstreams.at(400);
    const after = await poll(x(), before.cursor);
    expect(after.signals).toHaveLength(120);
    expect(after.requests).toBe(2);
    expect(new Set(ids(after)).size).toBe(120);
    expect(after.cursor).toMatchObject({ sinceId: after.signals[0]?.externalId });
  });

  it('looks the user up once per process even without a cursor', async () => {
    const connector = x();
    await poll(connector);
    expect((await poll(connector)).requests).toBe(1);
  });

  it.each([
    [1000, 'a 503', 'unavailable'],
    [1100, 'a 429', 'throttled'],
    [1200, 'no answer', 'timeout'],
    [1300, 'a body cut short', 'unavailable'],
    [1400, 'JSON cut short', 'malformed'],
    [1500, 'a web page under a 200', 'malformed'],
    [1600, 'an expired token', 'authentication'],
    [1700, 'an app without access', 'authentication'],
    [1800, 'a revoked token', 'authentication'],
  ])('at %i s, classifies %s as %s', async (offset, _case, kind) => {
    upstreams.at(offset);
    const error = await pollFailure(x());
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(/^X GET user @MSFT365Status: /);
    expect(error.message).not.toContain(upstreams.simulator.simulator.scenario.x.bearerToken);
  });

  it('refuses an answer larger than the byte limit as malformed', async () => {
    const error = await pollFailure(only(upstreams.connectors({ maxBodyBytes: 4_096 }), 'X'));
    expect(error).toMatchObject({
      kind: 'malformed',
      message: 'X GET timeline of 2854829713: answer larger than 4096 bytes',
    });
  });

  it('stops at the poll time-out', async () => {
    upstreams.at(1200);
    const error = await only(upstreams.connectors({ requestTimeoutMs: 10_000 }), 'X')
      .poll({ cursor: null, signal: AbortSignal.timeout(500) })
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({
      kind: 'timeout',
      message: 'X GET user @MSFT365Status: poll aborted before the answer came',
    });
  });

  it('waits until x-rate-limit-reset after a 429, which carries no Retry-After', async () => {
    upstreams.at(1100);
    const error = await pollFailure(only(upstreams.connectors({ clock: upstreams.clock }), 'X'));
    // The fault lasts until 1110 s of the story: its reset is ten seconds ahead.
    expect(error.retryAfterMs).toBe(10_000);
  });
});

describe('X connector with a spent rate limit', () => {
  let upstreams: SimulatedUpstreams;

  beforeAll(async () => {
    upstreams = await simulateUpstreams(scenario({ limit: 2, windowSeconds: 900 }));
  });
  afterAll(() => upstreams.stop());

  it('stops asking once x-rate-limit-remaining is 0, until the window resets', async () => {
    const connector = only(upstreams.connectors(), 'X');
    const first = await poll(connector);
    await poll(connector, first.cursor);
    const held = await pollFailure(connector, first.cursor);
    expect(held).toMatchObject({ kind: 'throttled', pollStats: { requests: 0, throttledMs: 0 } });
    expect(held.retryAfterMs).toBeGreaterThan(800_000);
    expect(held.message).toMatch(
      /^X \/2\/users\/:id\/tweets: request budget spent, next request allowed in \d+ s$/,
    );
  });
});
