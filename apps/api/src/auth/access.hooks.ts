import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api.error.js';
import type { AccessService } from './access.service.js';
import type { ConnectionLimits } from './connection-limits.js';
import type { Principal } from './principal.js';
import type { RateLimits } from './rate-limits.js';

/**
 * graphql-transport-ws has no error message for a refused connection_init: the server closes the socket,
 * with codes on which graphql-ws clients do not retry (4401 Unauthorized, 4429 Too many).
 */
export const WS_UNAUTHENTICATED_CLOSE = {
  code: 4401,
  reason: 'UNAUTHENTICATED: a valid API key is required',
};
export const WS_TOO_MANY_CONNECTIONS_CLOSE = {
  code: 4429,
  reason: 'TOO_MANY_CONNECTIONS: this key has too many open connections',
};

export function unauthenticated(): ApiError {
  return new ApiError(
    'UNAUTHENTICATED',
    'a valid API key is required: send it as "Authorization: Bearer <key>" or "x-api-key: <key>"',
    401,
  );
}

/** Who a request refused before GraphQL runs acts as, should anything read it: nobody, of no tenant. */
export const NO_ACCESS: Principal = { id: 'none', name: 'no key', role: 'viewer', tenantIds: [] };

const PRINCIPAL = Symbol('principal');
type WithPrincipal = FastifyRequest & { [PRINCIPAL]?: Principal };

/** Who the request acts as, once the pre-parsing hook has decided; undefined for a bare WebSocket upgrade. */
export function principalOf(request: FastifyRequest): Principal | undefined {
  return (request as WithPrincipal)[PRINCIPAL];
}

/**
 * Runs on the GraphQL routes before the body is read: past the address's rate limit, HTTP 429; without a
 * valid key, HTTP 401 and a GraphQL error UNAUTHENTICATED; past the key's rate limit, HTTP 429. A WebSocket upgrade without any key goes through, because browsers
 * cannot set headers on a WebSocket: its connection_init payload must then carry the key (see below).
 */
export function accessPreParsingHook(access: AccessService, limits: RateLimits) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    await limits.checkAddress(request, reply);
    const verdict = await access.authenticate(request.headers);
    // `request.ws` is set by @fastify/websocket for real upgrades; an `Upgrade` header alone proves nothing.
    const upgrade = (request as FastifyRequest & { ws?: boolean }).ws === true;
    if (typeof verdict === 'object') {
      await limits.checkKey(request, reply, verdict);
      (request as WithPrincipal)[PRINCIPAL] = verdict;
      return payload;
    }
    if (verdict === 'absent' && upgrade) return payload;
    reply.header('www-authenticate', 'Bearer realm="beacon"');
    throw unauthenticated();
  };
}

/** The part of Mercurius's subscription connection that `onConnect` is called on. */
interface SubscriptionConnection {
  socket?: { close(code: number, reason: string): void };
  context?: { request?: FastifyRequest };
}

/** What a subscription connection adds to its GraphQL context once accepted. */
export interface ConnectionContext {
  principal: Principal;
  limits: ConnectionLimits;
}

/**
 * Mercurius's `onConnect`, called with the connection_init message: a connection is accepted when its
 * upgrade request or its payload carries a valid key, and the key has a connection to spare. Mercurius
 * calls it as a method of the connection, which is how the socket is reached to close it with a code
 * graphql-ws clients understand. What it returns becomes part of the subscriptions' context.
 */
export function accessConnectionCheck(
  access: AccessService,
  limits: (principal: Principal) => ConnectionLimits | null,
) {
  return async function onConnect(
    this: SubscriptionConnection | undefined,
    data: { payload?: unknown },
  ): Promise<ConnectionContext | false> {
    const verdict = await access.authenticate(this?.context?.request?.headers, data.payload);
    if (typeof verdict !== 'object') {
      this?.socket?.close(WS_UNAUTHENTICATED_CLOSE.code, WS_UNAUTHENTICATED_CLOSE.reason);
      return false;
    }
    const granted = limits(verdict);
    if (!granted) {
      this?.socket?.close(WS_TOO_MANY_CONNECTIONS_CLOSE.code, WS_TOO_MANY_CONNECTIONS_CLOSE.reason);
      return false;
    }
    return { principal: verdict, limits: granted };
  };
}
