import { Client, ResponseType } from '@microsoft/microsoft-graph-client';
import type { ConnectorSettings } from '../connector.options.js';
import { readBodyBytes, readBodyText } from '../shared/body.reader.js';
import { parseJsonBody } from '../shared/json-body.parser.js';
import type { PollContext } from '../shared/poll.context.js';
import { classifyRequestFailure } from '../shared/request-failure.classifier.js';
import type { GraphPacer } from './graph-request.pacer.js';
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

/** A document Graph streamed: its bytes as received and the type Graph declared, if any. */
export interface GraphDocument {
  bytes: Buffer;
  contentType: string | null;
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
    pacer: GraphPacer,
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
    return this.#send(request, poll, async (response) => {
      const text = await readBodyText(response, this.settings.maxBodyBytes, request.what);
      return parseJsonBody(text, response.headers.get('content-type'), request.what);
    });
  }

  /** GETs a document as bytes (up to `maxBytes`) with the type Graph declared; any failure is a ConnectorError. */
  async getBytes(request: GraphGet, maxBytes: number, poll: PollContext): Promise<GraphDocument> {
    return this.#send(request, poll, async (response) => ({
      bytes: await readBodyBytes(response, maxBytes, request.what),
      contentType: response.headers.get('content-type'),
    }));
  }

  async #send<T>(request: GraphGet, poll: PollContext, read: (response: Response) => Promise<T>): Promise<T> {
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
      return await read(response);
    } catch (error) {
      throw classifyRequestFailure(state.failure ?? error, request.what, signals());
    }
  }
}
