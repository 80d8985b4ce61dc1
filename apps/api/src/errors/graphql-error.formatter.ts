import { Injectable, Logger } from '@nestjs/common';
import type { GraphQLFormattedError } from 'graphql';
import type { MercuriusCommonOptions } from 'mercurius';
import { randomUUID } from 'node:crypto';
import { ApiError, type ApiErrorCode } from './api.error.js';

/** An error as Mercurius hands it over: a GraphQLError, or anything thrown before execution. */
interface RawError {
  message: string;
  /** Set by Fastify when the HTTP request itself (body, query string) is not what the route accepts. */
  validationContext?: string;
  locations?: GraphQLFormattedError['locations'];
  path?: GraphQLFormattedError['path'];
  extensions?: Record<string, unknown>;
  originalError?: (Error & { statusCode?: number; errors?: unknown; extensions?: unknown }) | null;
  statusCode?: number;
}

/** Messages graphql-js gives when an argument or variable has the wrong value (bad enum, date, type, …). */
const BAD_VALUE = [
  /^Variable "\$[^"]+" (got invalid value|of required type|of non-null type)/,
  /cannot represent/,
  /does not exist in "[^"]+" enum/,
  /^Expected value of type/,
  /^Expected type/,
  /is not defined by type/,
  /^Field "[^"]+" argument "[^"]+" of type "[^"]+" is required/,
  /^Field "[^"]+" of required type "[^"]+" was not provided/,
];

/** Errors Fastify or Mercurius end a request with before GraphQL runs, by HTTP status. */
const HTTP_CODES: Record<number, ApiErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/**
 * The one place where errors become what clients see (Mercurius's `errorFormatter`, for HTTP and for
 * subscription events). Every error gets an `extensions.code`:
 * - errors this API raises on purpose (ApiError: bad arguments, cursors, limits, keys) keep theirs;
 * - parse and validation errors are GRAPHQL_PARSE_FAILED / GRAPHQL_VALIDATION_FAILED, except wrong
 *   argument and variable values (enum values, dates, types), which are BAD_USER_INPUT;
 * - errors Fastify ends a request with (body too large, bad JSON, wrong method) keep their HTTP status;
 * - anything else is INTERNAL_SERVER_ERROR: logged with an error id, shown only as that id, never with
 *   its message, stack or SQL. Every other error is logged at debug, in one line.
 */
@Injectable()
export class GraphqlErrorFormatter {
  private readonly logger = new Logger('GraphQL');

  readonly format: NonNullable<MercuriusCommonOptions['errorFormatter']> = (execution) => {
    let statusCode = 200;
    // Mercurius types them as GraphQLErrors; before execution they are whatever was thrown.
    const errors = (execution.errors as readonly RawError[]).flatMap((error) => {
      const requestErrors = error.originalError?.errors;
      if (Array.isArray(requestErrors)) {
        // Mercurius wraps parse, validation and variable errors together: the request itself is wrong.
        statusCode = Math.max(statusCode, 400);
        return (requestErrors as RawError[]).map((inner) => this.requestError(inner));
      }
      const { formatted, status } = this.executionError(error);
      statusCode = Math.max(statusCode, status);
      return [formatted];
    });
    // A client's mistake is news to nobody running Beacon: one line at debug, no stack.
    for (const { message, path, extensions } of errors) {
      if (extensions?.code !== 'INTERNAL_SERVER_ERROR') {
        this.logger.debug({ code: extensions?.code, error: message, path }, 'client error');
      }
    }
    // A field error leaves the rest of the data: only a request that never ran gets a non-200 status.
    if (execution.data) statusCode = 200;
    return { statusCode, response: { data: execution.data ?? null, errors } };
  };

  private requestError(error: RawError): GraphQLFormattedError {
    const code =
      apiCodeOf(error) ??
      apiCodeOf(error.originalError) ??
      (error.validationContext ? 'BAD_REQUEST' : requestErrorCode(error.message));
    return shape(error, error.message, { ...(error.extensions ?? {}), code });
  }

  private executionError(error: RawError): { formatted: GraphQLFormattedError; status: number } {
    const original = error.originalError;
    if (original instanceof ApiError || apiCodeOf(original)) {
      const extensions = { ...(original!.extensions as Record<string, unknown>) };
      return { formatted: shape(error, error.message, extensions), status: original!.statusCode ?? 200 };
    }
    const status = original?.statusCode ?? error.statusCode;
    const httpCode = status === undefined ? undefined : HTTP_CODES[status];
    if (status !== undefined && httpCode) {
      return { formatted: shape(error, error.message, { code: httpCode }), status };
    }
    if (!original && !error.path) {
      // graphql-js's own word on the operation as a whole (e.g. a mutation on a schema without any).
      return {
        formatted: shape(error, error.message, { code: requestErrorCode(error.message) }),
        status: 400,
      };
    }
    const errorId = randomUUID();
    this.logger.error(
      { errorId, err: original ?? error, path: error.path },
      'internal error in a GraphQL request',
    );
    return {
      formatted: shape(error, `Internal server error (error id ${errorId})`, {
        code: 'INTERNAL_SERVER_ERROR',
        errorId,
      }),
      // An error inside execution (it has a path) still leaves a GraphQL response; one before it does not.
      status: error.path ? 200 : 500,
    };
  }
}

function apiCodeOf(error: unknown): ApiErrorCode | undefined {
  const code = (error as { extensions?: { code?: unknown } } | null | undefined)?.extensions?.code;
  return typeof code === 'string' ? (code as ApiErrorCode) : undefined;
}

/** The code of a parse, validation or variable error, from graphql-js's message. */
export function requestErrorCode(message: string): ApiErrorCode {
  if (message.startsWith('Syntax Error')) return 'GRAPHQL_PARSE_FAILED';
  return BAD_VALUE.some((pattern) => pattern.test(message)) ? 'BAD_USER_INPUT' : 'GRAPHQL_VALIDATION_FAILED';
}

function shape(error: RawError, message: string, extensions: Record<string, unknown>): GraphQLFormattedError {
  return {
    message,
    ...(error.locations ? { locations: error.locations } : {}),
    ...(error.path ? { path: error.path } : {}),
    extensions,
  };
}
