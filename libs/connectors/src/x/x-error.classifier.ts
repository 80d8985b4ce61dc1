import { ApiPartialResponseError, ApiRequestError, ApiResponseError } from 'twitter-api-v2';
import { ConnectorError } from '../connector.error.js';
import { classifyHttpStatus } from '../shared/http-status.classifier.js';
import { classifyRequestFailure } from '../shared/request-failure.classifier.js';
import type { XRequestState } from './x-http.plugin.js';
import { readXRateLimit, type XRateLimitTracker } from './x-rate-limit.tracker.js';

export interface XFailureContext {
  what: string;
  pollSignal: AbortSignal;
  /** The request that failed, as the plugin saw it. */
  request: XRequestState | undefined;
  requestTimeoutMs: number;
  maxBodyBytes: number;
  limits: XRateLimitTracker;
  now: number;
}

/**
 * Classifies what `twitter-api-v2` threw: an error answer (ApiResponseError: 401/403, 429 with the wait
 * until `x-rate-limit-reset`, 5xx), a body that broke off or did not parse (ApiPartialResponseError), or
 * no answer at all (ApiRequestError).
 */
export function classifyXError(error: unknown, context: XFailureContext): ConnectorError {
  const { what, request } = context;
  const signals = {
    poll: context.pollSignal,
    request: request?.signal,
    requestTimeoutMs: context.requestTimeoutMs,
  };
  // Cutting an oversized body short surfaces as a broken connection or an empty answer: the cut is what
  // happened.
  if (request?.oversized) {
    return new ConnectorError('malformed', `${what}: answer larger than ${context.maxBodyBytes} bytes`);
  }
  if (error instanceof ConnectorError) return error;
  if (context.pollSignal.aborted || request?.signal.aborted)
    return classifyRequestFailure(error, what, signals);
  if (error instanceof ApiResponseError) {
    const title = error.data?.title ?? (error.data?.errors?.[0] as { title?: string } | undefined)?.title;
    const detail = title && /^[\w .'-]{1,80}$/.test(title) ? `(${title})` : undefined;
    if (error.code === 429) {
      const retryAfterMs = context.limits.retryAfterMs(readXRateLimit(error.headers));
      return new ConnectorError('throttled', `${what}: 429${detail ? ` ${detail}` : ''}`, retryAfterMs, 429);
    }
    return classifyHttpStatus({ status: error.code, retryAfter: null, detail }, what, context.now);
  }
  if (error instanceof ApiPartialResponseError) {
    if (/parse error/.test(error.message)) return new ConnectorError('malformed', `${what}: invalid JSON`);
    return new ConnectorError('unavailable', `${what}: connection closed mid-answer`);
  }
  if (error instanceof ApiRequestError) return classifyRequestFailure(socketErrorOf(error), what, signals);
  return classifyRequestFailure(error, what, signals);
}

/**
 * The socket's error behind an ApiRequestError. Its `requestError` getter reads an option the library
 * never sets (1.29: it stores the error as `_options.error`), so read where it really is.
 */
function socketErrorOf(error: ApiRequestError): unknown {
  const options = (error as unknown as { _options?: { error?: unknown } })._options;
  return error.requestError ?? options?.error ?? error;
}
