import { ConnectorError } from '../connector.error.js';
import type { PollContext } from './poll.context.js';
import { classifyRequestFailure } from './request-failure.classifier.js';

/**
 * The error a poll ends with: always a ConnectorError (anything unclassified is classified here, an abort
 * as `timeout`), carrying what the poll had done so far for the metrics.
 */
export function failPoll(error: unknown, what: string, poll: PollContext): ConnectorError {
  const failure = classifyRequestFailure(error, what, { poll: poll.signal });
  failure.pollStats = { requests: poll.stats.requests, throttledMs: poll.stats.throttledMs };
  return failure;
}
