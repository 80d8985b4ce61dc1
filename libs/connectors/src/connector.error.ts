/** Why a poll failed, in the terms the source's health and the metrics use. */
export const CONNECTOR_ERROR_KINDS = [
  'authentication',
  'throttled',
  'unavailable',
  'timeout',
  'malformed',
] as const;
export type ConnectorErrorKind = (typeof CONNECTOR_ERROR_KINDS)[number];

/** A classified upstream failure. Its message is short and never contains a secret. */
export class ConnectorError extends Error {
  constructor(
    readonly kind: ConnectorErrorKind,
    message: string,
    /** For `throttled`: how long the upstream asked us to wait before the next request. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}
