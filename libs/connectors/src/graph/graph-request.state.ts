import type { Context, MiddlewareOptions } from '@microsoft/microsoft-graph-client';
import type { PollContext } from '../shared/poll.context.js';

/**
 * One Graph request's state, handed to the middleware chain as a middleware option. The client library
 * wraps anything a middleware throws in a GraphError that drops the original, so the chain records the
 * original failure here for the caller to classify.
 */
export class GraphRequestState implements MiddlewareOptions {
  /** What the chain threw, before the library wrapped it. */
  failure: unknown;
  /** The signal the request was sent with (the poll's plus the request time-out); set when sent. */
  signal: AbortSignal | undefined;

  constructor(readonly poll: PollContext) {}

  static of(context: Context): GraphRequestState {
    const state = context.middlewareControl?.getMiddlewareOptions(GraphRequestState);
    if (!(state instanceof GraphRequestState))
      throw new Error('Graph request sent without its GraphRequestState');
    return state;
  }
}

/** Sets a header whatever form the library left the headers in (a plain object, in practice). */
export function setRequestHeader(context: Context, name: string, value: string): void {
  const options = (context.options ??= {});
  const headers = new Headers(options.headers);
  headers.set(name, value);
  options.headers = headers;
}
