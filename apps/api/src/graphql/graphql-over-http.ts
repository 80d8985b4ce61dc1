import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MercuriusCommonOptions } from 'mercurius';

/**
 * GraphQL over HTTP (the specification graphql-http audits): the media type a client accepts decides
 * how a request that cannot run is answered.
 * - `application/graphql-response+json`: 4xx, and no `data` entry at all; successful answers carry that
 *   content type too.
 * - `application/json` named by the client (legacy clients): 200, as before the specification, with the
 *   errors in the body.
 * - Neither named (`*` or no Accept): `application/json` with 4xx, what Beacon always answered.
 */
export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';

type Preference = 'graphql-response+json' | 'legacy-json' | 'unspecified';

export function preferenceOf(request: FastifyRequest | undefined): Preference {
  const accepted = (request?.headers.accept ?? '')
    .split(',')
    .map((part) => part.split(';')[0]!.trim().toLowerCase());
  if (accepted.includes(GRAPHQL_RESPONSE_JSON)) return 'graphql-response+json';
  return accepted.includes('application/json') ? 'legacy-json' : 'unspecified';
}

/** Codes of requests that are well-formed HTTP but cannot run as GraphQL (parsing, validation, limits, variables). */
const GRAPHQL_REQUEST_ERRORS = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COMPLEX',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

type Formatter = NonNullable<MercuriusCommonOptions['errorFormatter']>;

/** Wraps the error formatter with the status and shape each media type calls for. */
export function negotiatedErrorFormatter(format: Formatter): Formatter {
  return (execution, context) => {
    const formatted = format(execution, context);
    const request = (context as { reply?: FastifyReply } | undefined)?.reply?.request;
    const preference = preferenceOf(request);
    const { statusCode, response } = formatted;
    if (preference === 'graphql-response+json' && statusCode >= 400) {
      const { data: _data, ...withoutData } = response as { data?: unknown };
      return { statusCode, response: withoutData as typeof response };
    }
    const codes = ((response as { errors?: Array<{ extensions?: { code?: unknown } }> }).errors ?? []).map(
      (error) => error.extensions?.code,
    );
    if (
      preference === 'legacy-json' &&
      statusCode === 400 &&
      codes.every((code) => GRAPHQL_REQUEST_ERRORS.has(code as string))
    ) {
      return { statusCode: 200, response };
    }
    return formatted;
  };
}

/** Before Fastify validates the body: `"extensions": null` means no extensions (Mercurius's schema wants an object). */
export async function allowNullExtensions(request: FastifyRequest): Promise<void> {
  const body = request.body as { extensions?: unknown } | undefined;
  if (body && typeof body === 'object' && body.extensions === null) delete body.extensions;
}

/** Answers in `application/graphql-response+json` to a client that accepts it. */
export async function negotiatedContentType(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<unknown> {
  const type = String(reply.getHeader('content-type') ?? '');
  if (preferenceOf(request) === 'graphql-response+json' && type.startsWith('application/json')) {
    reply.header('content-type', `${GRAPHQL_RESPONSE_JSON}; charset=utf-8`);
  }
  return payload;
}

/**
 * A GET query's answer may be kept by the caller's browser, never by a shared cache (it is the key's
 * view), and is checked again before every use: the ETag (status-page/wire.module.ts) makes that check a
 * 304 while the answer has not changed.
 */
export async function revalidatedReads(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<unknown> {
  if (request.method === 'GET' || request.method === 'HEAD')
    reply.header('cache-control', 'private, no-cache');
  return payload;
}
