import { firstDueBurst, type PendingDelivery } from './burst.js';

const t = (seconds: number) => new Date(Date.UTC(2026, 10, 20, 10, 0, seconds));
const delivery = (id: string, key: string, created: number, extra: Partial<PendingDelivery> = {}) => ({
  id,
  orderingKey: key,
  createdAt: t(created),
  nextAttemptAt: t(created),
  holdSeconds: 10,
  ...extra,
});

describe('firstDueBurst', () => {
  it('sends changes of one incident within the hold time of each other as one, once the newest has held', () => {
    const pending = [delivery('1', 'a', 0), delivery('2', 'a', 4), delivery('3', 'a', 9)];
    expect(firstDueBurst(pending, t(18))).toBeNull();
    expect(firstDueBurst(pending, t(19))).toEqual(['1', '2', '3']);
  });

  it('keeps changes further apart as separate messages, oldest first', () => {
    const pending = [delivery('1', 'a', 0), delivery('2', 'a', 30), delivery('3', 'a', 31)];
    expect(firstDueBurst(pending, t(59))).toEqual(['1']);
  });

  it('passes over an incident waiting for a retry, not over its own older deliveries', () => {
    const pending = [
      delivery('1', 'a', 0, { nextAttemptAt: t(100) }),
      delivery('2', 'b', 1),
      delivery('3', 'a', 40),
    ];
    expect(firstDueBurst(pending, t(60))).toEqual(['2']);
    expect(firstDueBurst(pending.slice(0, 1).concat(pending.slice(2)), t(60))).toBeNull();
  });

  it('holds nothing with a hold time of zero', () => {
    expect(firstDueBurst([delivery('1', 'a', 0, { holdSeconds: 0 })], t(0))).toEqual(['1']);
  });

  it("sends a digest's deliveries, however far apart, together once every one is due", () => {
    const digest = { digest: true, nextAttemptAt: t(600) };
    const pending = [
      delivery('1', 'digest:r:p', 0, digest),
      delivery('2', 'digest:r:p', 300, digest),
      delivery('3', 'digest:r:p', 590, { ...digest, nextAttemptAt: t(700) }),
    ];
    expect(firstDueBurst(pending, t(599))).toBeNull();
    // The newest waits for a retry: the digest waits with it.
    expect(firstDueBurst(pending, t(650))).toBeNull();
    expect(firstDueBurst(pending, t(700))).toEqual(['1', '2', '3']);
  });
});
