import { ConnectorError } from '../connector.error.js';

/** The signals a request ran under: the poll's, and the request's own (the poll's plus a time-out). */
export interface RequestSignals {
  poll: AbortSignal;
  request?: AbortSignal;
  requestTimeoutMs?: number;
}

const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

const NETWORK_FAILURES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  UND_ERR_SOCKET: 'connection closed mid-answer',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/**
 * Classifies what a request threw instead of answering: an abort (the poll's deadline or shutdown, or the
 * request's own time-out) is `timeout`; a network failure is `unavailable`. A ConnectorError passes as it is.
 */
export function classifyRequestFailure(
  error: unknown,
  what: string,
  signals: RequestSignals,
): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (signals.poll.aborted)
    return new ConnectorError('timeout', `${what}: poll aborted before the answer came`);
  if (signals.request?.aborted || isAbort(error)) {
    const limit = signals.requestTimeoutMs ? ` within ${Math.round(signals.requestTimeoutMs / 1000)} s` : '';
    return new ConnectorError('timeout', `${what}: no answer${limit}`);
  }
  const code = errorCode(error);
  if (code !== undefined && TIMEOUT_CODES.has(code)) return new ConnectorError('timeout', `${what}: ${code}`);
  const failure = code === undefined ? undefined : NETWORK_FAILURES[code];
  if (failure !== undefined) return new ConnectorError('unavailable', `${what}: ${failure}`);
  return new ConnectorError('unavailable', `${what}: ${describe(error)}`);
}

/** By name: a DOMException from another realm (a test VM, a worker) is no `instanceof Error` here. */
function isAbort(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}

interface ErrorLike {
  code?: unknown;
  cause?: unknown;
  message?: unknown;
}

/**
 * Node's fetch hides the socket's code in `cause` (sometimes two levels down); http.request does not.
 * Duck-typed, as errors from Node's internals are not `instanceof Error` inside a test VM.
 */
function errorCode(error: unknown): string | undefined {
  let current = error as ErrorLike | null | undefined;
  for (let depth = 0; typeof current === 'object' && current !== null && depth < 3; depth++) {
    if (typeof current.code === 'string') return current.code;
    current = current.cause as ErrorLike | null | undefined;
  }
  return undefined;
}

function describe(error: unknown): string {
  const message = (error as ErrorLike | null)?.message;
  const text = typeof message === 'string' ? message : String(error);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
