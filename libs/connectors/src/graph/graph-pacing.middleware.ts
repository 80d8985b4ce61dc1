import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { Clock } from '../shared/clock.js';
import { DEFAULT_RETRY_AFTER_MS } from '../shared/http-status.classifier.js';
import { parseRetryAfter } from '../shared/retry-after.parser.js';
import type { GraphPacer } from './graph-request.pacer.js';
import { GraphRequestState } from './graph-request.state.js';

/**
 * Makes every Graph request wait for the tenant's budget (GRAPH_REQUEST_BUDGET) and, when Graph still
 * says "slow down" (429, or 503 with Retry-After), holds the tenant's later requests until it may ask again.
 * Replaces the library's RetryHandler: Beacon classifies failures and paces itself instead of retrying.
 */
export class GraphPacingMiddleware implements Middleware {
  #next: Middleware | undefined;

  constructor(
    private readonly pacer: GraphPacer,
    private readonly clock: Clock,
    private readonly maxWaitMs: number,
  ) {}

  setNext(next: Middleware): void {
    this.#next = next;
  }

  async execute(context: Context): Promise<void> {
    if (!this.#next) throw new Error('GraphPacingMiddleware is the last link of its chain');
    const { poll } = GraphRequestState.of(context);
    poll.stats.throttledMs += await this.pacer.acquire(poll.signal, this.maxWaitMs);
    await this.#next.execute(context);
    const response = context.response;
    if (response?.status !== 429 && response?.status !== 503) return;
    const now = this.clock.now();
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
    if (response.status === 429 || retryAfterMs !== null) {
      await this.pacer.holdUntil(now + (retryAfterMs ?? DEFAULT_RETRY_AFTER_MS));
    }
  }
}
