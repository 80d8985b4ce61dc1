import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface Subscription<T> {
  /** Resolves with the next event, or rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<T>;
  /** The error or close event that ended the subscription, once it ended. */
  ended: Promise<unknown>;
  close(): Promise<void>;
}

/**
 * A graphql-ws client (graphql-transport-ws protocol), as a browser or a Node service would use it;
 * `headers` go on the upgrade request, `connectionParams` in connection_init.
 */
export function wsClient(
  httpUrl: string,
  options: { headers?: Record<string, string>; connectionParams?: Record<string, unknown> } = {},
): Client {
  const headers = options.headers ?? {};
  class WebSocketWithHeaders extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  }
  return createClient({
    url: `${httpUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocketWithHeaders,
    connectionParams: options.connectionParams,
    retryAttempts: 0,
    lazy: true,
  });
}

/** Subscribes and queues what arrives, so that a test can wait for the next event. */
export function subscribe<T>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Subscription<T> {
  const events: T[] = [];
  const waiting: Array<(event: T) => void> = [];
  let end: (reason: unknown) => void = () => undefined;
  const ended = new Promise<unknown>((resolve) => (end = resolve));
  const unsubscribe = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        const event = (result.errors ? { errors: result.errors } : result.data) as T;
        const waiter = waiting.shift();
        if (waiter) waiter(event);
        else events.push(event);
      },
      error: (error) => end(error),
      complete: () => end('complete'),
    },
  );
  return {
    ended,
    next: (timeoutMs = 10_000) =>
      events.length > 0
        ? Promise.resolve(events.shift() as T)
        : new Promise<T>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no event within ${timeoutMs} ms`)), timeoutMs);
            waiting.push((event) => {
              clearTimeout(timer);
              resolve(event);
            });
          }),
    close: async () => {
      unsubscribe();
      await client.dispose();
    },
  };
}

/** How a client's first connection ends up: acknowledged, or closed (with the close code) before that. */
export function connectionOutcome(
  client: Client,
): Promise<{ connected: true } | { connected: false; code: number | undefined }> {
  return new Promise((resolve) => {
    client.on('connected', () => resolve({ connected: true }));
    client.on('closed', (event) => resolve({ connected: false, code: (event as { code?: number }).code }));
  });
}

/**
 * Waits until a fresh subscription hears changes: the server registers it a moment after the client sent
 * it, so `trigger` makes a change until one comes through (at most `attempts` times).
 */
export async function firstEvent<T>(
  subscription: Subscription<T>,
  trigger: () => Promise<unknown>,
  attempts = 40,
): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    await trigger();
    try {
      return await subscription.next(250);
    } catch {
      // Not registered yet: try again.
    }
  }
  throw new Error('the subscription never heard a change');
}

/** The next event that matches, skipping others (e.g. late answers to earlier triggers). */
export async function nextMatching<T>(
  subscription: Subscription<T>,
  matches: (event: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const event = await subscription.next(Math.max(1, deadline - Date.now()));
    if (matches(event)) return event;
  }
}
