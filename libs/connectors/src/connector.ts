import type { Channel, RawSignal } from '#domain';

/** Where a poll starts: what the previous successful poll of the same source left behind. */
export type Cursor = Record<string, unknown>;

export interface PollRequest {
  /** The cursor of the last successful poll, or null for the first one. */
  cursor: Cursor | null;
  /** Aborted when the poll's time-out passes or the process shuts down. */
  signal: AbortSignal;
}

export interface PollResult {
  /** Every validated item of the answers; the same item may come again in later polls. */
  signals: RawSignal[];
  /** Stored together with the signals, in one transaction: the next poll starts there. */
  cursor: Cursor | null;
  /** HTTP requests made (token requests included). */
  requests: number;
  /** Time spent waiting on the upstream's rate limits, in milliseconds. */
  throttledMs: number;
  /** Set when the answer was only partly usable (e.g. some items failed validation and were skipped). */
  partial?: string;
}

/** One pollable source: a channel, and for Graph one tenant. */
export interface Connector {
  readonly channel: Channel;
  /** The tenant for Graph; null for the global channels. */
  readonly tenantId: string | null;
  poll(request: PollRequest): Promise<PollResult>;
}
