import { ApiError } from '../errors/api.error.js';
import type { Principal } from './principal.js';

/** Subscriptions one connection may run at once (a page runs two). */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 20;

/** One accepted connection: its place among its key's connections, and its subscriptions. */
export class ConnectionLimits {
  private subscriptions = 0;
  private released = false;

  constructor(private readonly release: () => void) {}

  /**
   * Counts a subscription against the connection for as long as it runs (until the client stops it or
   * the connection closes); refuses one past the limit.
   */
  hold<T>(events: AsyncIterableIterator<T>): AsyncIterableIterator<T> {
    if (this.subscriptions >= MAX_SUBSCRIPTIONS_PER_CONNECTION) {
      void events.return?.();
      throw new ApiError(
        'TOO_MANY_SUBSCRIPTIONS',
        `at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions per connection: stop one first`,
      );
    }
    this.subscriptions += 1;
    let held = true;
    const stop = () => {
      if (held) this.subscriptions -= 1;
      held = false;
    };
    return {
      next: () => events.next(),
      return: (value?: unknown) => {
        stop();
        return events.return ? events.return(value) : Promise.resolve({ value: undefined, done: true });
      },
      throw: (error?: unknown) => {
        stop();
        return events.throw ? events.throw(error) : Promise.reject(error);
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  /** When the connection closes. */
  close(): void {
    if (this.released) return;
    this.released = true;
    this.release();
  }
}

/** Connections per key, across this process (`WS_CONNECTIONS_PER_KEY`). */
export class ConnectionRegistry {
  private readonly open = new Map<string, number>();

  constructor(private readonly maxPerKey: number) {}

  /** A place for one more connection of this key, or null when it has them all. */
  admit(principal: Principal): ConnectionLimits | null {
    const count = this.open.get(principal.id) ?? 0;
    if (count >= this.maxPerKey) return null;
    this.open.set(principal.id, count + 1);
    return new ConnectionLimits(() => {
      const left = (this.open.get(principal.id) ?? 1) - 1;
      if (left <= 0) this.open.delete(principal.id);
      else this.open.set(principal.id, left);
    });
  }
}
