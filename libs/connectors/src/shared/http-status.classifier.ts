import { ConnectorError } from '../connector.error.js';
import { parseRetryAfter } from './retry-after.parser.js';

/** Without a Retry-After, a 429 still means "not now": wait this long before asking again. */
export const DEFAULT_RETRY_AFTER_MS = 60_000;

export interface FailedAnswer {
  status: number;
  retryAfter: string | null;
  /** A short upstream code worth showing, e.g. `invalid_client (AADSTS7000215)` or `Forbidden`. */
  detail?: string;
}

/**
 * Classifies an HTTP answer that is not a success. `what` names the exchange for the message, e.g.
 * `Graph GET issues for tenant contoso`.
 */
export function classifyHttpStatus(answer: FailedAnswer, what: string, now: number): ConnectorError {
  const { status, detail } = answer;
  const message = `${what}: ${status}${detail ? ` ${detail}` : ''}`;
  const retryAfterMs = parseRetryAfter(answer.retryAfter, now) ?? undefined;
  if (status === 401 || status === 403)
    return new ConnectorError('authentication', message, undefined, status);
  if (status === 429) {
    return new ConnectorError('throttled', message, retryAfterMs ?? DEFAULT_RETRY_AFTER_MS, status);
  }
  // 5xx, and any other status that is not an answer we can use (a 404 from a wrong base URL, a 400).
  return new ConnectorError('unavailable', message, retryAfterMs, status);
}
