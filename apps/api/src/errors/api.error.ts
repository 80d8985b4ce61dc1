import { IntrinsicException } from '@nestjs/common';

/**
 * The `extensions.code` of every error a client can be given. Clients branch on these, so they are part of
 * the API (see apps/api/README.md, "Errors").
 */
export const API_ERROR_CODES = [
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'TOO_MANY_SUBSCRIPTIONS',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COMPLEX',
  'BAD_REQUEST',
  'METHOD_NOT_ALLOWED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'INTERNAL_SERVER_ERROR',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/**
 * An error whose message is safe to show to the client as it is. Anything else that reaches the error
 * formatter is an internal error: logged with an id, and shown only as that id. An IntrinsicException,
 * so that Nest does not log it as a failure with its stack: it is the client's mistake, not Beacon's.
 */
export class ApiError extends IntrinsicException {
  readonly extensions: { code: ApiErrorCode } & Record<string, unknown>;

  constructor(
    code: ApiErrorCode,
    message: string,
    /** The HTTP status when the error ends a request before GraphQL executes it. */
    readonly statusCode = 200,
    extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.extensions = { ...extensions, code };
  }
}

/** A bad argument, filter, cursor, date or enum value: the client must change the request. */
export function badUserInput(message: string, argument?: string): ApiError {
  return new ApiError('BAD_USER_INPUT', message, 200, argument ? { argument } : {});
}
