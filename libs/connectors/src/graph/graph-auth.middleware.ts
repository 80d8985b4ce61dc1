import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { GraphTokenProvider } from './graph-token.provider.js';
import { GraphRequestState, setRequestHeader } from './graph-request.state.js';

/**
 * First link of Beacon's Graph middleware chain. Sends the app-only token on every request: unlike the
 * library's AuthenticationHandler, whatever the scheme, because a local test server speaks plain http
 * (upstreams.md §1). A 401 drops the cached token and tries once more with a new one. Being first, it
 * also records whatever the chain threw (see GraphRequestState).
 */
export class GraphAuthMiddleware implements Middleware {
  #next: Middleware | undefined;

  constructor(private readonly tokens: GraphTokenProvider) {}

  setNext(next: Middleware): void {
    this.#next = next;
  }

  async execute(context: Context): Promise<void> {
    const state = GraphRequestState.of(context);
    try {
      await this.#send(context, state);
      if (context.response?.status === 401) {
        await context.response.body?.cancel();
        this.tokens.invalidate();
        await this.#send(context, state);
      }
    } catch (error) {
      state.failure = error;
      throw error;
    }
  }

  async #send(context: Context, state: GraphRequestState): Promise<void> {
    if (!this.#next) throw new Error('GraphAuthMiddleware is the last link of its chain');
    setRequestHeader(context, 'Authorization', `Bearer ${await this.tokens.token(state.poll)}`);
    await this.#next.execute(context);
  }
}
