/**
 * A subscription's place in Mercurius: an iterator that yields nothing (its events are written to the
 * socket directly, see live-group.ts) and ends when the client stops the subscription or the connection
 * closes, calling `onClose` once.
 */
export class OpenSubscription implements AsyncIterableIterator<never> {
  private readonly waiting: Array<(result: IteratorResult<never>) => void> = [];
  private closed = false;

  constructor(private readonly onClose: () => void) {}

  next(): Promise<IteratorResult<never>> {
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  return(): Promise<IteratorResult<never>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<never>> {
    this.close();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter({ value: undefined, done: true });
    this.onClose();
  }
}
