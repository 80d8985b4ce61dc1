import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { requestSignal } from '../shared/request.signal.js';
import { GraphRequestState } from './graph-request.state.js';

/**
 * Last link of the chain: sends the request with the poll's signal plus a per-request time-out, which also
 * bounds reading the body afterwards, and counts it.
 */
export class GraphFetchMiddleware implements Middleware {
  constructor(
    private readonly send: typeof fetch,
    private readonly requestTimeoutMs: number,
  ) {}

  async execute(context: Context): Promise<void> {
    const state = GraphRequestState.of(context);
    state.signal = requestSignal(state.poll.signal, this.requestTimeoutMs);
    state.poll.stats.requests++;
    context.response = await this.send(context.request, { ...context.options, signal: state.signal });
  }
}
