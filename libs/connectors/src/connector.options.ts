import { systemClock, type Clock } from './shared/clock.js';

/** How the connectors behave; every field has a default fit for production. */
export interface ConnectorOptions {
  clock?: Clock;
  /** The fetch the Graph and status-site clients send with (X's client library has its own transport). */
  fetch?: typeof fetch;
  /** One request (answer and body) may take this long before it fails as `timeout`. */
  requestTimeoutMs?: number;
  /** A body larger than this is refused as `malformed`. */
  maxBodyBytes?: number;
  /**
   * A rate-limit wait up to this long is waited out inside the poll; a longer one fails the poll at once as
   * `throttled` (with `retryAfterMs`) rather than holding it past any sensible poll time-out.
   */
  maxThrottleWaitMs?: number;
  /** `Prefer: odata.maxpagesize` for Graph's issues and messages (Graph allows up to 1000). */
  graphPageSize?: number;
  /** Pages followed per Graph collection and poll before the poll stops and reports `partial`. */
  graphMaxPages?: number;
  /** A cached Graph token is replaced this long before it expires. */
  graphTokenRefreshMarginMs?: number;
  /** Timeline pages read on the first X poll (no cursor): the newest posts only, not the whole history. */
  xFirstPollPages?: number;
  /** Timeline pages read per later X poll; 32 pages of 100 is all the 3,200 posts the API ever returns. */
  xMaxPages?: number;
}

export type ConnectorSettings = Required<ConnectorOptions>;

export function connectorSettings(options: ConnectorOptions = {}): ConnectorSettings {
  return {
    clock: options.clock ?? systemClock,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    maxBodyBytes: options.maxBodyBytes ?? 8 * 1024 * 1024,
    maxThrottleWaitMs: options.maxThrottleWaitMs ?? 15_000,
    graphPageSize: options.graphPageSize ?? 200,
    graphMaxPages: options.graphMaxPages ?? 50,
    graphTokenRefreshMarginMs: options.graphTokenRefreshMarginMs ?? 5 * 60_000,
    xFirstPollPages: options.xFirstPollPages ?? 1,
    xMaxPages: options.xMaxPages ?? 32,
  };
}
