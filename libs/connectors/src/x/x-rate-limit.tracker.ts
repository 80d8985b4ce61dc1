import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from '../shared/clock.js';
import { DEFAULT_RETRY_AFTER_MS } from '../shared/http-status.classifier.js';
import { RequestPacer } from '../shared/request.pacer.js';

/** What X's `x-rate-limit-remaining` and `x-rate-limit-reset` (unix seconds) said in an answer. */
export interface XRateLimitHeaders {
  remaining?: number;
  reset?: number;
}

/**
 * Reads the headers rather than the library's `rateLimit`, which it only fills in when
 * `x-rate-limit-limit` is present too.
 */
export function readXRateLimit(headers: IncomingHttpHeaders | undefined): XRateLimitHeaders {
  const number = (name: string) => {
    const value = headers?.[name];
    const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
    return Number.isFinite(parsed) ? parsed : undefined;
  };
  return { remaining: number('x-rate-limit-remaining'), reset: number('x-rate-limit-reset') };
}

/**
 * X's rate limits, per endpoint, as its answers report them. When an endpoint's limit is spent (remaining
 * 0, or a 429, which carries no Retry-After), its requests are held until the limit resets.
 */
export class XRateLimitTracker {
  readonly #pacers = new Map<string, RequestPacer>();

  constructor(private readonly clock: Clock) {}

  /** `endpoint` is the path with its placeholders, e.g. `/2/users/:id/tweets`. */
  pacerFor(endpoint: string): RequestPacer {
    let pacer = this.#pacers.get(endpoint);
    if (!pacer) {
      pacer = new RequestPacer(`X ${endpoint}`, [], this.clock);
      this.#pacers.set(endpoint, pacer);
    }
    return pacer;
  }

  /** Records an answer's limit; `refused` for a 429. */
  record(endpoint: string, limit: XRateLimitHeaders | undefined, refused: boolean): void {
    const resetMs = limit?.reset === undefined ? undefined : limit.reset * 1000;
    if (refused) {
      this.pacerFor(endpoint).holdUntil(this.clock.now() + this.retryAfterMs(limit));
    } else if (limit?.remaining === 0 && resetMs !== undefined) {
      this.pacerFor(endpoint).holdUntil(resetMs);
    }
  }

  /**
   * How long until a refused endpoint's limit resets, for a `throttled` error's `retryAfterMs`; at least a
   * second, since a reset already past (clocks differ) still means "not right now".
   */
  retryAfterMs(limit: XRateLimitHeaders | undefined): number {
    if (limit?.reset === undefined) return DEFAULT_RETRY_AFTER_MS;
    return Math.max(1000, limit.reset * 1000 - this.clock.now());
  }
}
