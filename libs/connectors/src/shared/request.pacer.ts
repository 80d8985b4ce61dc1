import { ConnectorError } from '../connector.error.js';
import { systemClock, type Clock } from './clock.js';

/** At most `limit` requests in any `periodMs`. */
export interface RateWindow {
  limit: number;
  periodMs: number;
}

/**
 * Spaces one upstream's requests so that no sliding window of the budget is ever exceeded, and holds them
 * all while the upstream has asked us to back off (Retry-After, a spent X rate limit). Every request awaits
 * `acquire` first: Beacon paces itself rather than waiting to be refused.
 *
 * A slot is reserved when granted, so concurrent callers queue one behind the other in arrival order.
 */
export class RequestPacer {
  /** Start times of granted requests, ascending, within the longest window (some may lie in the future). */
  readonly #grants: number[] = [];
  readonly #longestMs: number;
  #heldUntil = 0;

  constructor(
    /** Names the upstream in error messages, e.g. `Graph for tenant contoso`. */
    readonly label: string,
    readonly windows: readonly RateWindow[],
    private readonly clock: Clock = systemClock,
  ) {
    this.#longestMs = Math.max(0, ...windows.map((window) => window.periodMs));
  }

  /** The earliest time a request asked for at `now` may start. */
  nextSlot(now: number = this.clock.now()): number {
    this.#forget(now);
    let slot = Math.max(now, this.#heldUntil, this.#grants.at(-1) ?? now);
    for (const { limit, periodMs } of this.windows) {
      const blocking = this.#grants[this.#grants.length - limit];
      if (blocking !== undefined) slot = Math.max(slot, blocking + periodMs);
    }
    return slot;
  }

  /**
   * Waits for the next slot and takes it; resolves with the milliseconds waited. A wait longer than
   * `maxWaitMs` is not worth holding a poll for: it fails at once as `throttled`, with the wait as
   * `retryAfterMs`. Aborting the signal gives the slot back and rejects with the signal's reason.
   */
  async acquire(signal: AbortSignal, maxWaitMs: number): Promise<number> {
    signal.throwIfAborted();
    const now = this.clock.now();
    const slot = this.nextSlot(now);
    const waitMs = slot - now;
    if (waitMs > maxWaitMs) {
      throw new ConnectorError(
        'throttled',
        `${this.label}: request budget spent, next request allowed in ${Math.ceil(waitMs / 1000)} s`,
        waitMs,
      );
    }
    this.#grants.push(slot);
    if (waitMs > 0) {
      try {
        await this.clock.sleep(waitMs, signal);
      } catch (error) {
        this.#release(slot);
        throw error;
      }
    }
    return waitMs;
  }

  /** Holds every request until `epochMs` (the upstream said so); a shorter hold never cuts a longer one. */
  holdUntil(epochMs: number): void {
    this.#heldUntil = Math.max(this.#heldUntil, epochMs);
  }

  #forget(now: number): void {
    const horizon = now - this.#longestMs;
    const stale = this.#grants.findIndex((grant) => grant > horizon);
    this.#grants.splice(0, stale === -1 ? this.#grants.length : stale);
  }

  #release(slot: number): void {
    const index = this.#grants.lastIndexOf(slot);
    if (index !== -1) this.#grants.splice(index, 1);
  }
}
