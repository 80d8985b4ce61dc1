import type { ClientRequest, IncomingMessage } from 'node:http';
import { ApiPartialResponseError, ApiRequestError, ApiResponseError } from 'twitter-api-v2';
import { ConnectorError, type ConnectorErrorKind } from '../connector.error.js';
import type { Clock } from '../shared/clock.js';
import { classifyXError, type XFailureContext } from './x-error.classifier.js';
import { XRateLimitTracker } from './x-rate-limit.tracker.js';

const NOW = Date.parse('2026-11-20T10:00:00Z');
const clock: Clock = { now: () => NOW, sleep: async () => undefined };
const request = {} as ClientRequest;
const response = {} as IncomingMessage;

function answered(code: number, headers: Record<string, string> = {}, data: object = {}): ApiResponseError {
  return new ApiResponseError(`Request failed with code ${code}`, { code, data, headers, request, response });
}

function context(overrides: Partial<XFailureContext> = {}): XFailureContext {
  return {
    what: 'X GET timeline of 2854829713',
    pollSignal: new AbortController().signal,
    request: { endpoint: '/2/users/:id/tweets', signal: new AbortController().signal, oversized: false },
    requestTimeoutMs: 30_000,
    maxBodyBytes: 1_000,
    limits: new XRateLimitTracker(clock),
    now: NOW,
    ...overrides,
  };
}

describe(classifyXError.name, () => {
  it.each<[string, unknown, ConnectorErrorKind, string]>([
    ['a 401', answered(401, {}, { title: 'Unauthorized' }), 'authentication', '401 (Unauthorized)'],
    ['a 403', answered(403, {}, { title: 'Client Forbidden' }), 'authentication', '403 (Client Forbidden)'],
    ['a 503', answered(503), 'unavailable', '503'],
    ['a 500 with an odd title', answered(500, {}, { title: '<b>oops</b>' }), 'unavailable', '500'],
    [
      'a body that did not parse',
      new ApiPartialResponseError('Request failed with partial response with HTTP code 200 (parse error)', {
        request,
        response,
        responseError: new SyntaxError('Unexpected token'),
        rawContent: '{"data": [',
      }),
      'malformed',
      'invalid JSON',
    ],
    [
      'a connection that broke off',
      new ApiPartialResponseError(
        'Request failed with partial response with HTTP code 200 (connection abruptly closed)',
        {
          request,
          response,
          responseError: new Error('closed'),
          rawContent: '{"da',
        },
      ),
      'unavailable',
      'connection closed mid-answer',
    ],
    [
      'a refused connection',
      new ApiRequestError('Request failed.', {
        request,
        error: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4030'), { code: 'ECONNREFUSED' }),
      }),
      'unavailable',
      'connection refused',
    ],
  ])('classifies %s', (_case, error, kind, tail) => {
    expect(classifyXError(error, context())).toMatchObject({
      kind,
      message: `X GET timeline of 2854829713: ${tail}`,
    });
  });

  it('classifies a 429 as throttled until x-rate-limit-reset (X sends no Retry-After)', () => {
    const error = answered(429, {
      'x-rate-limit-remaining': '0',
      'x-rate-limit-reset': String(NOW / 1000 + 420),
    });
    expect(classifyXError(error, context())).toMatchObject({
      kind: 'throttled',
      retryAfterMs: 420_000,
      httpStatus: 429,
    });
  });

  it('classifies a cut-off oversized body as malformed, whatever the library made of it', () => {
    const oversized = {
      endpoint: '/2/users/:id/tweets',
      signal: new AbortController().signal,
      oversized: true,
    };
    const error = new ApiRequestError('Request failed.', { request, error: new Error('Socket closed') });
    expect(classifyXError(error, context({ request: oversized }))).toMatchObject({
      kind: 'malformed',
      message: 'X GET timeline of 2854829713: answer larger than 1000 bytes',
    });
  });

  it('classifies anything after an abort as timeout', () => {
    const aborted = { endpoint: '/2/users/:id/tweets', signal: AbortSignal.abort(), oversized: false };
    const error = new ApiRequestError('Request failed.', { request, error: new Error('socket hang up') });
    expect(classifyXError(error, context({ request: aborted }))).toMatchObject({
      kind: 'timeout',
      message: 'X GET timeline of 2854829713: no answer within 30 s',
    });
  });

  it('passes a ConnectorError through', () => {
    const error = new ConnectorError('malformed', 'bad page');
    expect(classifyXError(error, context())).toBe(error);
  });
});
