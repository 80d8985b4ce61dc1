import { Client, ResponseType } from '@microsoft/microsoft-graph-client';
import type { ConnectorSettings } from '../connector.options.js';
import { readBodyText } from '../shared/body.reader.js';
import { parseJsonBody } from '../shared/json-body.parser.js';
import type { PollContext } from '../shared/poll.context.js';
import { classifyRequestFailure } from '../shared/request-failure.classifier.js';
import type { RequestPacer } from '../shared/request.pacer.js';
import { GraphAuthMiddleware } from './graph-auth.middleware.js';
import { classifyGraphAnswer } from './graph-error.classifier.js';
import { GraphFetchMiddleware } from './graph-fetch.middleware.js';
import { GRAPH_VERSION } from './graph-next-link.util.js';
import { GraphPacingMiddleware } from './graph-pacing.middleware.js';
import { GraphRequestState } from './graph-request.state.js';
import type { GraphTokenProvider } from './graph-token.provider.js';

/** Only codes from an error body reach a message, so a short read is enough. */
const ERROR_BODY_BYTES = 64 * 1024;

export interface GraphGet {
  /** Under the version root, e.g. `/admin/serviceAnnouncement/issues`, or a next link made a path. */
  path: string;
  /** An OData `$filter`, sent as is (encoded). */
  filter?: string;
  /** Asked for with `Prefer: odata.maxpagesize`. */
  pageSize?: number;
  /** Names the exchange in messages, e.g. `Graph GET issues for tenant contoso`. */
  what: string;
}

/**
 * One tenant's Graph, through `@microsoft/microsoft-graph-client` with Beacon's own middleware chain
 * (token → pacing → fetch, no RetryHandler) and raw responses, so that Beacon reads, caps and classifies
 * every answer itself.
 */
export class GraphClient {
  readonly #client: Client;

  constructor(
    baseUrl: string,
    tokens: GraphTokenProvider,
    pacer: RequestPacer,
    private readonly settings: ConnectorSettings,
  ) {
    this.#client = Client.initWithMiddleware({
      baseUrl,
      defaultVersion: GRAPH_VERSION,
      middleware: [
        new GraphAuthMiddleware(tokens),
        new GraphPacingMiddleware(pacer, settings.clock, settings.maxThrottleWaitMs),
        new GraphFetchMiddleware(settings.fetch, settings.requestTimeoutMs),
      ],
    });
  }

  /** GETs one answer and returns its parsed JSON; any failure is a ConnectorError. */
  async get(request: GraphGet, poll: PollContext): Promise<unknown> {
    const state = new GraphRequestState(poll);
    const prefer = request.pageSize === undefined ? {} : { Prefer: `odata.maxpagesize=${request.pageSize}` };
    let graphRequest = this.#client
      .api(request.path)
      .responseType(ResponseType.RAW)
      .middlewareOptions([state])
      .headers(prefer);
    if (request.filter !== undefined) graphRequest = graphRequest.filter(encodeURIComponent(request.filter));
    const signals = () => ({
      poll: poll.signal,
      request: state.signal,
      requestTimeoutMs: this.settings.requestTimeoutMs,
    });
    try {
      const response = (await graphRequest.get()) as Response;
      if (!response.ok) {
        const body = await readBodyText(response, ERROR_BODY_BYTES, request.what).catch(() => '');
        const answer = { status: response.status, retryAfter: response.headers.get('retry-after'), body };
        throw classifyGraphAnswer(answer, request.what, this.settings.clock.now());
      }
      const text = await readBodyText(response, this.settings.maxBodyBytes, request.what);
      return parseJsonBody(text, response.headers.get('content-type'), request.what);
    } catch (error) {
      throw classifyRequestFailure(state.failure ?? error, request.what, signals());
    }
  }
}
