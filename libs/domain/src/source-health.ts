import type { SourceState } from './source-state.js';

/** What one poll attempt came to, as far as the source's health is concerned. */
export type AttemptOutcome = { ok: true; partial: boolean } | { ok: false };

/**
 * semantics.md: HEALTHY after a successful attempt, DEGRADED after one or two failed attempts in a row or
 * when it answered only in part, DOWN after three or more.
 */
export function nextSourceState(consecutiveFailures: number, outcome: AttemptOutcome): SourceState {
  if (outcome.ok) return outcome.partial ? 'DEGRADED' : 'HEALTHY';
  return consecutiveFailures >= 3 ? 'DOWN' : 'DEGRADED';
}
