export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Unix seconds, as `x-rate-limit-reset` carries it. */
  reset: number;
}

/**
 * X's per-endpoint windows: a fixed window opens with the first request and resets whole. Over the limit,
 * a request is refused and `reset` says when to come back; there is no Retry-After.
 */
export class FixedWindowRateLimit {
  readonly #windows = new Map<string, { resetMs: number; used: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowSeconds: number,
  ) {}

  take(key: string, nowMs: number): { allowed: boolean; state: RateLimitState } {
    const windowMs = this.windowSeconds * 1000;
    let window = this.#windows.get(key);
    // A window that ended, or that the clock has been moved back out of, starts afresh.
    if (!window || nowMs >= window.resetMs || window.resetMs - nowMs > windowMs) {
      window = { resetMs: nowMs + windowMs, used: 0 };
      this.#windows.set(key, window);
    }
    const allowed = window.used < this.limit;
    if (allowed) window.used += 1;
    return {
      allowed,
      state: {
        limit: this.limit,
        remaining: this.limit - window.used,
        reset: Math.ceil(window.resetMs / 1000),
      },
    };
  }
}
