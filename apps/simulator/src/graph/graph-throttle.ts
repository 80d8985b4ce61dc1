export interface ThrottleWindow {
  limit: number;
  seconds: number;
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Graph's service-communications limits: so many requests per sliding window, per app per tenant. Refused
 * requests are not counted, so that Retry-After tells the truth.
 */
export class SlidingWindowThrottle {
  readonly #hits = new Map<string, number[]>();
  readonly #longestMs: number;

  constructor(private readonly windows: readonly ThrottleWindow[]) {
    this.#longestMs = Math.max(...windows.map((window) => window.seconds * 1000));
  }

  take(key: string, nowMs: number): ThrottleDecision {
    // Hits after `now` are from a part of the story the clock has been moved back from.
    const hits = (this.#hits.get(key) ?? []).filter((hit) => hit <= nowMs && hit > nowMs - this.#longestMs);
    let retryAfterMs = 0;
    for (const { limit, seconds } of this.windows) {
      const inWindow = hits.filter((hit) => hit > nowMs - seconds * 1000);
      if (inWindow.length >= limit) {
        // The window has room again once enough of its oldest hits have aged out of it.
        const leaving = inWindow[inWindow.length - limit] ?? nowMs;
        retryAfterMs = Math.max(retryAfterMs, leaving + seconds * 1000 - nowMs);
      }
    }
    if (retryAfterMs > 0) {
      this.#hits.set(key, hits);
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
    }
    hits.push(nowMs);
    this.#hits.set(key, hits);
    return { allowed: true };
  }
}
