import { nextAttemptDelay } from './backoff.js';

describe(nextAttemptDelay.name, () => {
  it.each([
    // failures, random, delay (base 1 s, cap 60 s)
    [0, 1, 1000],
    [1, 0, 1000],
    [1, 1, 2000],
    [3, 1, 8000],
    [3, 0.5, 4500],
    [10, 1, 60_000],
    [50, 1, 60_000],
  ])('after %i failures with random %d waits %i ms', (failures, random, delay) => {
    expect(nextAttemptDelay(failures, 1000, 60_000, () => random)).toBe(delay);
  });

  it('never waits less than the base nor more than the cap', () => {
    for (let failures = 0; failures < 40; failures++) {
      const delay = nextAttemptDelay(failures, 2000, 30_000);
      expect(delay).toBeGreaterThanOrEqual(2000);
      expect(delay).toBeLessThanOrEqual(30_000);
    }
  });
});
