/** Why a poll failed, in the terms the source's health and the metrics use. */
export const CONNECTOR_ERROR_KINDS = [
  'authentication',
  'throttled',
  'unavailable',
  'timeout',
  'malformed',
] as const;
export type ConnectorErrorKind = (typeof CONNECTOR_ERROR_KINDS)[number];

/** What a failed poll had done before it failed, for the metrics (a throttled poll may have waited long). */
export interface FailedPollStats {
  requests: number;
  throttledMs: number;
}

/** A classified upstream failure. Its message is short and never contains a secret. */
export class ConnectorError extends Error {
  /** Set by the connector when the error ends a poll. */
  pollStats?: FailedPollStats;

  constructor(
    readonly kind: ConnectorErrorKind,
    message: string,
    /** For `throttled` (and a 503 that says so): how long the upstream asked us to wait. */
    readonly retryAfterMs?: number,
    /** The HTTP status of the answer that failed, when there was one. */
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}
