import { backoffMs } from './backoff.js';

describe('backoffMs', () => {
  it('doubles from the base, capped, and jitters to 50–150 %', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 1000, 5000, 0.5))).toEqual([1000, 2000, 4000, 5000]);
    expect(backoffMs(3, 1000, 60_000, 0)).toBe(2000);
    expect(backoffMs(3, 1000, 60_000, 0.999)).toBe(5996);
  });
});
