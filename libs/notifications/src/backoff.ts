/**
 * When to try again after the `attempt`-th failure: base × 2^(attempt-1), capped, then jittered to
 * 50–150 % so that targets failing together do not come back together. `random` is in [0, 1).
 */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random = Math.random()): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.5 + random));
}
