import type { Clock } from '../shared/clock.js';
import { DEFAULT_RETRY_AFTER_MS } from '../shared/http-status.classifier.js';
import { XRateLimitTracker, readXRateLimit } from './x-rate-limit.tracker.js';

const NOW = Date.parse('2026-11-20T10:00:00Z');
const clock: Clock = { now: () => NOW, sleep: async () => undefined };
const inSeconds = (seconds: number) => NOW / 1000 + seconds;
const TIMELINE = '/2/users/:id/tweets';

describe(readXRateLimit.name, () => {
  it.each([
    [
      { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': '1795170000' },
      { remaining: 0, reset: 1795170000 },
    ],
    [{ 'x-rate-limit-remaining': '12' }, { remaining: 12, reset: undefined }],
    [
      { 'x-rate-limit-remaining': 'many', 'x-rate-limit-reset': '' },
      { remaining: undefined, reset: undefined },
    ],
    [undefined, { remaining: undefined, reset: undefined }],
  ])('reads %j', (headers, expected) => {
    expect(readXRateLimit(headers)).toEqual(expected);
  });
});

describe(XRateLimitTracker.name, () => {
  it('lets requests through while the limit has room', () => {
    const sut = new XRateLimitTracker(clock);
    sut.record(TIMELINE, { remaining: 3, reset: inSeconds(600) }, false);
    expect(sut.pacerFor(TIMELINE).nextSlot()).toBe(NOW);
  });

  it('holds an endpoint whose limit is spent until it resets, and only that endpoint', () => {
    const sut = new XRateLimitTracker(clock);
    sut.record(TIMELINE, { remaining: 0, reset: inSeconds(600) }, false);
    expect(sut.pacerFor(TIMELINE).nextSlot()).toBe(NOW + 600_000);
    expect(sut.pacerFor('/2/users/by/username/:username').nextSlot()).toBe(NOW);
  });

  it.each<[string, { remaining?: number; reset?: number } | undefined, number]>([
    ['until the reset', { remaining: 0, reset: inSeconds(90) }, 90_000],
    ['for a second when the reset has passed', { reset: inSeconds(-30) }, 1_000],
    ['for the default when there is no reset', undefined, DEFAULT_RETRY_AFTER_MS],
  ])('after a 429, holds the endpoint %s', (_case, limit, heldMs) => {
    const sut = new XRateLimitTracker(clock);
    sut.record(TIMELINE, limit, true);
    expect(sut.pacerFor(TIMELINE).nextSlot()).toBe(NOW + heldMs);
    expect(sut.retryAfterMs(limit)).toBe(heldMs);
  });
});
