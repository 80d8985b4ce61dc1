// Beacon's GraphQL API over HTTP (queries) and over a WebSocket with the graphql-transport-ws protocol
// (subscriptions). Small on purpose: the page must load fast and work with nothing but Beacon.

const ENDPOINT = '/graphql';
const ACK_TIMEOUT_MS = 10_000;
const PING_EVERY_MS = 20_000;
const PONG_TIMEOUT_MS = 10_000;
const BACKOFF_FIRST_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;

/** The server wants an API key, or refused the one it was given. */
export class AuthRequiredError extends Error {
  constructor(message = 'An API key is needed.') {
    super(message);
    this.name = 'AuthRequiredError';
  }
}

/** Beacon answered, with GraphQL errors (bad input, an internal error…). */
export class GraphQLRequestError extends Error {
  constructor(errors) {
    super(errors.map((error) => error.message).join('; ') || 'The request failed.');
    this.name = 'GraphQLRequestError';
    this.errors = errors;
    this.code = errors.find((error) => error.extensions?.code)?.extensions.code ?? null;
  }
}

/** Beacon did not answer at all (down, network gone, a proxy's error page). */
export class NetworkError extends Error {
  constructor(message) {
    super(message);
    this.name = 'NetworkError';
  }
}

const isUnauthenticated = (errors) =>
  Array.isArray(errors) && errors.some((error) => error?.extensions?.code === 'UNAUTHENTICATED');

/** `Bearer <key>` when a key is known; the same value goes in headers and in `connection_init`. */
const authorizationFor = (getKey) => {
  const key = getKey();
  return key ? `Bearer ${key}` : null;
};

/** Sends one request; what Beacon answered, as `{ status, body }`, or the error the page shows. */
async function send(url, init, signal) {
  let response;
  try {
    response = await fetch(url, { ...init, signal });
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    throw new NetworkError('The request did not reach Beacon.');
  }
  if (response.status === 401) throw new AuthRequiredError();
  try {
    return { status: response.status, body: await response.json() };
  } catch {
    throw new NetworkError(`Beacon answered ${response.status} without GraphQL.`);
  }
}

function dataOf({ status, body }) {
  if (isUnauthenticated(body?.errors)) throw new AuthRequiredError();
  if (Array.isArray(body?.errors) && body.errors.length > 0) {
    // Partial data is still data; the caller decides. Without data there is nothing to show.
    if (!body.data) throw new GraphQLRequestError(body.errors);
  }
  if (!body?.data) throw new NetworkError(`Beacon answered ${status} without data.`);
  return body.data;
}

const codeOf = ({ body }) => (Array.isArray(body?.errors) ? body.errors[0]?.extensions?.code : undefined);

// Automatic persisted queries: a document is sent as its SHA-256 (a GET the browser may answer from its
// cache after a 304; a subscription's hash over the WebSocket), and in full only when Beacon does not know
// that hash yet (after its restart, or on a first visit). Without WebCrypto (plain http beyond localhost is not a secure context) or once Beacon says
// it does not support them, documents go in full, as POSTs.
let persistedQueries = typeof crypto !== 'undefined' && Boolean(crypto.subtle);
const hashes = new Map();

function hashOf(document) {
  if (!hashes.has(document)) {
    const digest = crypto.subtle
      .digest('SHA-256', new TextEncoder().encode(document))
      .then((buffer) =>
        [...new Uint8Array(buffer)].map((byte) => byte.toString(16).padStart(2, '0')).join(''),
      );
    hashes.set(document, digest);
  }
  return hashes.get(document);
}

export async function query(document, variables, { getKey, signal } = {}) {
  const headers = { accept: 'application/json' };
  const authorization = authorizationFor(getKey ?? (() => null));
  if (authorization) headers.authorization = authorization;
  const post = (body) =>
    send(
      ENDPOINT,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ query: document, variables: variables ?? {}, ...body }),
        cache: 'no-store',
      },
      signal,
    );
  if (!persistedQueries) return dataOf(await post({}));

  const extensions = { persistedQuery: { version: 1, sha256Hash: await hashOf(document) } };
  const search = new URLSearchParams({
    variables: JSON.stringify(variables ?? {}),
    extensions: JSON.stringify(extensions),
  });
  // 'no-cache': the browser keeps the answer but asks Beacon each time, with its ETag.
  const byHash = await send(`${ENDPOINT}?${search}`, { method: 'GET', headers, cache: 'no-cache' }, signal);
  switch (codeOf(byHash)) {
    case 'PERSISTED_QUERY_NOT_FOUND':
      return dataOf(await post({ extensions }));
    case 'PERSISTED_QUERY_NOT_SUPPORTED':
      persistedQueries = false;
      return dataOf(await post({}));
    default:
      return dataOf(byHash);
  }
}

/**
 * One WebSocket for all subscriptions. It reconnects by itself with exponential backoff (with jitter),
 * re-subscribes everything on each new connection, and tells the page what it is doing through
 * `onState(state, detail)`: 'connecting', 'connected', 'reconnecting' ({ attempt, inMs }), 'unauthorized'
 * or 'closed'.
 */
export class SubscriptionClient {
  constructor({ getKey, onState }) {
    this.getKey = getKey;
    this.onState = onState;
    this.subscriptions = new Map();
    this.nextId = 1;
    this.socket = null;
    this.acknowledged = false;
    this.pongDue = null;
    this.attempt = 0;
    this.timers = new Set();
    this.stopped = true;
  }

  /** `sink`: `{ next(data), error(errors) }`; returns a function that unsubscribes. */
  subscribe(document, variables, sink) {
    const id = String(this.nextId++);
    this.subscriptions.set(id, { document, variables, sink });
    if (this.acknowledged) this.sendSubscribe(id);
    return () => {
      this.subscriptions.delete(id);
      if (this.acknowledged) this.send({ id, type: 'complete' });
    };
  }

  start() {
    this.stopped = false;
    this.attempt = 0;
    this.connect();
  }

  stop() {
    this.stopped = true;
    this.clearTimers();
    this.closeSocket(1000, 'Normal Closure');
    this.onState('closed');
  }

  /** Skip the wait of the current backoff (the "Reconnect now" button). */
  reconnectNow() {
    if (this.stopped) return this.start();
    if (this.socket) return;
    this.clearTimers();
    this.connect();
  }

  connect() {
    this.onState(this.attempt === 0 ? 'connecting' : 'reconnecting', { attempt: this.attempt, inMs: 0 });
    const url = new URL(ENDPOINT, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    let socket;
    try {
      socket = new WebSocket(url, 'graphql-transport-ws');
    } catch {
      return this.scheduleReconnect();
    }
    this.socket = socket;
    this.acknowledged = false;

    socket.addEventListener('open', () => {
      const authorization = authorizationFor(this.getKey);
      this.send({ type: 'connection_init', payload: authorization ? { authorization } : {} });
      this.later(ACK_TIMEOUT_MS, () => {
        if (!this.acknowledged && this.socket === socket)
          socket.close(4408, 'Connection initialisation timeout');
      });
    });
    socket.addEventListener('message', (event) => this.receive(socket, event.data));
    socket.addEventListener('close', (event) => this.closed(socket, event));
  }

  receive(socket, raw) {
    if (socket !== this.socket) return;
    let message;
    try {
      message = JSON.parse(raw);
    } catch {
      return socket.close(4400, 'Invalid message');
    }
    switch (message.type) {
      case 'connection_ack':
        this.acknowledged = true;
        this.attempt = 0;
        this.clearTimers();
        this.keepAlive(socket);
        for (const id of this.subscriptions.keys()) this.sendSubscribe(id);
        this.onState('connected');
        break;
      case 'ping':
        this.send({ type: 'pong' });
        break;
      case 'pong':
        this.pongDue = null;
        break;
      case 'next':
        this.subscriptions.get(message.id)?.sink.next(message.payload);
        break;
      case 'error': {
        const errors = Array.isArray(message.payload) ? message.payload : [message.payload];
        if (isUnauthenticated(errors)) return this.unauthorized(socket);
        switch (errors[0]?.extensions?.code) {
          case 'PERSISTED_QUERY_NOT_FOUND':
            return this.sendSubscribe(message.id, true);
          case 'PERSISTED_QUERY_NOT_SUPPORTED':
            persistedQueries = false;
            return this.sendSubscribe(message.id);
          default:
            this.subscriptions.get(message.id)?.sink.error(errors);
        }
        break;
      }
      case 'complete':
        // The server ended a subscription; it is re-created on the next connection.
        break;
      case 'connection_error':
        // Mercurius refuses `connection_init` this way (then closes) when its onConnect says no.
        return this.unauthorized(socket);
      default:
        break;
    }
  }

  closed(socket, event) {
    if (socket !== this.socket) return;
    this.socket = null;
    this.acknowledged = false;
    this.clearTimers();
    if (this.stopped) return;
    // 4401 Unauthorized, 4403 Forbidden: a new attempt with the same key would be refused again.
    if (event.code === 4401 || event.code === 4403) return this.unauthorized(null);
    this.scheduleReconnect();
  }

  unauthorized(socket) {
    this.stopped = true;
    this.clearTimers();
    if (socket) socket.close(1000, 'Unauthorized');
    this.socket = null;
    this.onState('unauthorized');
  }

  scheduleReconnect() {
    this.attempt += 1;
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** (this.attempt - 1));
    const inMs = Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
    this.onState('reconnecting', { attempt: this.attempt, inMs });
    this.later(inMs, () => this.connect());
  }

  /** Our own pings find a connection that died without a close frame (a laptop lid, a proxy). */
  keepAlive(socket) {
    const tick = () => {
      if (socket !== this.socket) return;
      if (this.pongDue !== null && Date.now() > this.pongDue) return socket.close(4504, 'No pong');
      if (this.pongDue === null) {
        this.pongDue = Date.now() + PONG_TIMEOUT_MS;
        this.send({ type: 'ping' });
      }
      this.later(PING_EVERY_MS / 2, tick);
    };
    this.pongDue = null;
    this.later(PING_EVERY_MS, tick);
  }

  /**
   * Subscribes by the document's hash (automatic persisted queries, as `query` does over HTTP); with the
   * document too when Beacon answered that it does not know the hash, which makes Beacon remember it.
   */
  async sendSubscribe(id, withDocument = false) {
    const subscription = this.subscriptions.get(id);
    if (!subscription) return;
    const { document, variables } = subscription;
    const payload = { variables: variables ?? {} };
    if (!persistedQueries || withDocument) payload.query = document;
    if (persistedQueries) {
      const socket = this.socket;
      payload.extensions = { persistedQuery: { version: 1, sha256Hash: await hashOf(document) } };
      // Meanwhile stopped, or a new connection, which subscribes everything again itself.
      if (socket !== this.socket || !this.subscriptions.has(id)) return;
    }
    this.send({ id, type: 'subscribe', payload });
  }

  send(message) {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  closeSocket(code, reason) {
    const socket = this.socket;
    this.socket = null;
    this.acknowledged = false;
    if (socket && socket.readyState <= WebSocket.OPEN) socket.close(code, reason);
  }

  later(ms, work) {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work();
    }, ms);
    this.timers.add(timer);
  }

  clearTimers() {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
