import type { FastifyRequest } from 'fastify';
import type { DocumentNode } from 'graphql';
import type { RawData, WebSocket, WebSocketServer } from 'ws';
import { ApiError } from '../errors/api.error.js';
import { documentHash, type PersistedQueries } from '../graphql/persisted-queries.js';

/** Documents sent with their hash and waiting to run before they are remembered; the oldest goes first. */
const AWAITING_KEPT = 100;

/**
 * Subscriptions Mercurius must refuse with the protocol's answer, as stand-in documents: Mercurius reads
 * them as any subscription (refused if the connection is not acknowledged, which keeps a stranger from
 * learning which hashes are known) and the first subscription hook throws their error (`refuse`).
 */
const REFUSALS = new Map<string, () => ApiError>([
  [
    'subscription PersistedQueryNotFound { __typename }',
    () => new ApiError('PERSISTED_QUERY_NOT_FOUND', 'PersistedQueryNotFound'),
  ],
  [
    'subscription PersistedQueryNotSupported { __typename }',
    () => new ApiError('PERSISTED_QUERY_NOT_SUPPORTED', 'PersistedQueryNotSupported'),
  ],
  [
    'subscription PersistedQueryMismatch { __typename }',
    () => new ApiError('BAD_REQUEST', 'provided sha does not match query'),
  ],
  [
    'subscription QueryNotText { __typename }',
    () => new ApiError('BAD_REQUEST', "a subscription's query must be a GraphQL document as text"),
  ],
]);
const [NOT_FOUND, NOT_SUPPORTED, MISMATCH, NOT_TEXT] = REFUSALS.keys();

interface SubscribeMessage {
  type?: unknown;
  payload?: {
    query?: unknown;
    extensions?: { persistedQuery?: { version?: unknown; sha256Hash?: unknown } };
  };
}

/**
 * Automatic persisted queries for subscriptions over WebSocket, as over HTTP (persisted-queries.ts): a
 * `subscribe` message's `payload.extensions.persistedQuery` without a query runs the document of that
 * hash; an unknown hash is answered with an `error` message coded PERSISTED_QUERY_NOT_FOUND, and the client
 * subscribes again with the document and its hash, which is remembered once it passed a subscription's
 * checks. Mercurius parses a subscribe message's query before any hook, so the hash is resolved in the
 * message itself: each socket's messages are read here first, from the moment the server accepts it.
 */
export class PersistedSubscriptions {
  private readonly awaiting = new Set<string>();
  private readonly watched = new WeakSet<WebSocketServer>();

  constructor(private readonly queries: PersistedQueries) {}

  /**
   * A hook of the /graphql routes: Mercurius's WebSocket server lives in the route's own context, found
   * by the upgrade request before the socket it makes is handed to Mercurius.
   */
  readonly watch = async (request: FastifyRequest): Promise<void> => {
    const server = (request.server as { websocketServer?: WebSocketServer }).websocketServer;
    if (!server || this.watched.has(server)) return;
    this.watched.add(server);
    server.on('connection', (socket: WebSocket) => this.read(socket));
  };

  /** The first subscription hook: the protocol's answer to a subscribe message rewritten into a refusal. */
  refuse(source: string): void {
    const refusal = REFUSALS.get(source);
    if (refusal) throw refusal();
  }

  /** After a subscription's checks: a document sent with its hash is remembered. */
  ran(document: DocumentNode): void {
    const source = document.loc?.source.body;
    if (source !== undefined && this.awaiting.delete(source)) this.queries.save(documentHash(source), source);
  }

  /**
   * A message as Mercurius is to read it: a subscribe with a hash carries its document (or a refusal). A
   * query that is not text is refused too: Mercurius would take it as a parsed document, past the parser's
   * limits and the first subscription hook.
   */
  resolve(data: RawData): RawData | string {
    if (!Buffer.isBuffer(data)) return data;
    let message: SubscribeMessage;
    try {
      message = JSON.parse(data.toString()) as SubscribeMessage;
    } catch {
      return data;
    }
    const payload = message?.payload;
    if (
      (message.type !== 'subscribe' && message.type !== 'start') ||
      typeof payload !== 'object' ||
      !payload
    ) {
      return data;
    }
    const persisted = payload.extensions?.persistedQuery;
    if (!persisted) {
      if (typeof payload.query === 'string') return data;
      payload.query = NOT_TEXT;
      return JSON.stringify(message);
    }
    const hash =
      persisted.version === 1 && typeof persisted.sha256Hash === 'string' ? persisted.sha256Hash : null;
    payload.query = this.documentOf(payload.query, hash);
    return JSON.stringify(message);
  }

  private documentOf(query: unknown, hash: string | null): string {
    if (hash === null) return NOT_SUPPORTED!;
    if (typeof query !== 'string') return this.queries.get(hash) ?? NOT_FOUND!;
    if (documentHash(query) !== hash) return MISMATCH!;
    if (this.awaiting.size >= AWAITING_KEPT) this.awaiting.delete(this.awaiting.values().next().value!);
    this.awaiting.add(query);
    return query;
  }

  /** Each message of the socket goes through `resolve` before its listeners (Mercurius's) get it. */
  private read(socket: WebSocket): void {
    const emit = socket.emit;
    const resolve = (data: RawData) => this.resolve(data);
    socket.emit = function (this: WebSocket, event: string | symbol, ...args: unknown[]): boolean {
      if (event === 'message') args[0] = resolve(args[0] as RawData);
      return emit.call(this, event, ...args);
    } as WebSocket['emit'];
  }
}
