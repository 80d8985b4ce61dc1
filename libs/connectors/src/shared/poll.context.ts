/** What every request of one poll shares: the poll's abort signal and the counters it reports. */
export interface PollContext {
  signal: AbortSignal;
  stats: PollStats;
}

export class PollStats {
  /** HTTP requests sent, token requests included. */
  requests = 0;
  /** Time spent waiting on rate limits before requests. */
  throttledMs = 0;
}

export function newPollContext(signal: AbortSignal): PollContext {
  return { signal, stats: new PollStats() };
}
