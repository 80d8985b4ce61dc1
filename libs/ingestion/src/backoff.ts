/**
 * Exponential backoff with full jitter: after n failures in a row, a random delay in
 * [base, min(cap, base × 2^n)], so that sources failing together don't retry in lockstep.
 */
export function nextAttemptDelay(
  consecutiveFailures: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, consecutiveFailures));
  return Math.round(baseMs + random() * Math.max(0, ceiling - baseMs));
}
