import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api.error.js';
import type { ApiKeysService } from './api-keys.service.js';

/**
 * graphql-transport-ws has no error message for a refused connection_init: the server closes the socket,
 * and 4401 ("Unauthorized") is a code on which graphql-ws clients do not retry.
 */
export const WS_UNAUTHENTICATED_CLOSE = {
  code: 4401,
  reason: 'UNAUTHENTICATED: a valid API key is required',
};

export function unauthenticated(): ApiError {
  return new ApiError(
    'UNAUTHENTICATED',
    'a valid API key is required: send it as "Authorization: Bearer <key>" or "x-api-key: <key>"',
    401,
  );
}

/**
 * Runs on the GraphQL routes before the body is read: a request without a valid key ends with HTTP 401
 * and a GraphQL error UNAUTHENTICATED. A WebSocket upgrade without any key goes through, because browsers
 * cannot set headers on a WebSocket: its connection_init payload must then carry the key (see below).
 */
export function apiKeyPreParsingHook(keys: ApiKeysService) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    if (!keys.required) return payload;
    const verdict = keys.verify(request.headers);
    // `request.ws` is set by @fastify/websocket for real upgrades; an `Upgrade` header alone proves nothing.
    const upgrade = (request as FastifyRequest & { ws?: boolean }).ws === true;
    if (verdict === 'valid' || (verdict === 'absent' && upgrade)) return payload;
    reply.header('www-authenticate', 'Bearer realm="beacon"');
    throw unauthenticated();
  };
}

/** The part of Mercurius's subscription connection that `onConnect` is called on. */
interface SubscriptionConnection {
  socket?: { close(code: number, reason: string): void };
  context?: { request?: FastifyRequest };
}

/**
 * Mercurius's `onConnect`, called with the connection_init message: a connection is accepted when its
 * upgrade request or its payload carries a valid key. Mercurius calls it as a method of the connection,
 * which is how the socket is reached to close it with a code graphql-ws clients understand.
 */
export function apiKeyConnectionCheck(keys: ApiKeysService) {
  return function onConnect(this: SubscriptionConnection | undefined, data: { payload?: unknown }): boolean {
    if (!keys.required) return true;
    if (keys.verify(this?.context?.request?.headers, data.payload) === 'valid') return true;
    this?.socket?.close(WS_UNAUTHENTICATED_CLOSE.code, WS_UNAUTHENTICATED_CLOSE.reason);
    return false;
  };
}
