import type { ConnectorSettings } from '../connector.options.js';
import { readBodyText } from '../shared/body.reader.js';
import { DEFAULT_RETRY_AFTER_MS, classifyHttpStatus } from '../shared/http-status.classifier.js';
import type { PollContext } from '../shared/poll.context.js';
import { classifyRequestFailure } from '../shared/request-failure.classifier.js';
import { RequestPacer } from '../shared/request.pacer.js';
import { requestSignal } from '../shared/request.signal.js';
import type { StatusSiteAnswer } from './status-site.parser.js';

/**
 * GETs the status site's data endpoints with plain fetch (no auth, no key). The site publishes no budget,
 * but some routes answer 429 under load: after one, every request waits out its Retry-After.
 */
export class StatusSiteClient {
  readonly #pacer: RequestPacer;

  constructor(
    private readonly origin: string,
    private readonly settings: ConnectorSettings,
  ) {
    this.#pacer = new RequestPacer('Status site', [], settings.clock);
  }

  async get(path: string, accept: string, poll: PollContext): Promise<StatusSiteAnswer> {
    const what = `Status site GET ${path}`;
    const signal = requestSignal(poll.signal, this.settings.requestTimeoutMs);
    const signals = { poll: poll.signal, request: signal, requestTimeoutMs: this.settings.requestTimeoutMs };
    try {
      poll.stats.throttledMs += await this.#pacer.acquire(poll.signal, this.settings.maxThrottleWaitMs);
      poll.stats.requests++;
      const response = await this.settings.fetch(`${this.origin.replace(/\/+$/, '')}${path}`, {
        headers: { accept },
        signal,
      });
      if (!response.ok) {
        await response.body?.cancel();
        const failure = classifyHttpStatus(
          { status: response.status, retryAfter: response.headers.get('retry-after') },
          what,
          this.settings.clock.now(),
        );
        if (failure.kind === 'throttled') {
          this.#pacer.holdUntil(this.settings.clock.now() + (failure.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS));
        }
        throw failure;
      }
      const text = await readBodyText(response, this.settings.maxBodyBytes, what);
      return { text, contentType: response.headers.get('content-type') };
    } catch (error) {
      throw classifyRequestFailure(error, what, signals);
    }
  }
}
