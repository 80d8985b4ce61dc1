import type { IncomingMessage } from 'node:http';
import type {
  IGetHttpRequestArgs,
  ITwitterApiAfterRequestHookArgs,
  ITwitterApiBeforeRequestConfigHookArgs,
  ITwitterApiBeforeRequestHookArgs,
  ITwitterApiClientPlugin,
  ITwitterApiResponseErrorHookArgs,
} from 'twitter-api-v2';
import type { PollContext } from '../shared/poll.context.js';
import { requestSignal } from '../shared/request.signal.js';
import { readXRateLimit, type XRateLimitTracker } from './x-rate-limit.tracker.js';

export interface XPluginSettings {
  /** Where requests go instead of `https://api.x.com`, e.g. a local stand-in. */
  apiBaseUrl: string;
  requestTimeoutMs: number;
  maxBodyBytes: number;
  maxThrottleWaitMs: number;
}

/** One request as the plugin saw it, for classifying how it failed. */
export interface XRequestState {
  endpoint: string;
  signal: AbortSignal;
  /** The body passed `maxBodyBytes` and the plugin cut the connection. */
  oversized: boolean;
}

/**
 * Everything `twitter-api-v2` cannot be told through its settings, as one plugin bound to one poll:
 * requests go to `X_API_BASE_URL` (the library has no base-URL option), wait while the endpoint's rate
 * limit is spent, run under the poll's signal plus a time-out, and have their bodies capped; every answer
 * is handed to `onAnswer` (the validating parser) before the library's paginator reads it.
 */
export class XHttpPlugin implements ITwitterApiClientPlugin {
  readonly #requests = new WeakMap<IGetHttpRequestArgs, XRequestState>();
  /** The latest request: requests of one poll go one after the other. */
  last: XRequestState | undefined;

  constructor(
    private readonly settings: XPluginSettings,
    private readonly limits: XRateLimitTracker,
    private readonly poll: PollContext,
    private readonly onAnswer: (data: unknown) => void,
  ) {}

  async onBeforeRequestConfig({ params }: ITwitterApiBeforeRequestConfigHookArgs): Promise<void> {
    const original = new URL(params.url);
    const endpoint = decodeURIComponent(original.pathname);
    this.poll.stats.throttledMs += await this.limits
      .pacerFor(endpoint)
      .acquire(this.poll.signal, this.settings.maxThrottleWaitMs);
    const state: XRequestState = {
      endpoint,
      signal: requestSignal(this.poll.signal, this.settings.requestTimeoutMs),
      oversized: false,
    };
    this.#requests.set(params, state);
    this.last = state;
    params.url = `${this.settings.apiBaseUrl.replace(/\/+$/, '')}${original.pathname}${original.search}`;
    // The library's only look at the raw response: used to cap the body while it arrives.
    params.requestEventDebugHandler = (event, data?: { res?: IncomingMessage }) => {
      if (event === 'response' && data?.res) this.#capBody(data.res, state);
    };
    this.poll.stats.requests++;
  }

  onBeforeRequest({ params, requestOptions }: ITwitterApiBeforeRequestHookArgs): void {
    requestOptions.signal = this.#requests.get(params)?.signal;
  }

  onAfterRequest({ params, response }: ITwitterApiAfterRequestHookArgs): void {
    const state = this.#requests.get(params);
    if (state) this.limits.record(state.endpoint, readXRateLimit(response.headers), false);
    // A body cut short at the cap may still "parse" (as nothing): it is no answer (see classifyXError).
    if (state?.oversized) throw new Error('answer cut short at the byte limit');
    this.onAnswer(response.data);
  }

  onResponseError({ params, error }: ITwitterApiResponseErrorHookArgs): void {
    const state = this.#requests.get(params);
    if (state) this.limits.record(state.endpoint, readXRateLimit(error.headers), error.code === 429);
  }

  #capBody(res: IncomingMessage, state: XRequestState): void {
    const { maxBodyBytes } = this.settings;
    let received = 0;
    const refuse = () => {
      state.oversized = true;
      res.destroy();
    };
    if (Number(res.headers['content-length']) > maxBodyBytes) return refuse();
    res.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBodyBytes) refuse();
    });
  }
}
