import { ConnectorError, type ConnectorErrorKind } from '../connector.error.js';
import { classifyRequestFailure } from './request-failure.classifier.js';

/** What Node's fetch throws: a TypeError whose cause carries the socket's code. */
function fetchFailure(code: string): TypeError {
  const cause = Object.assign(new Error(code), { code });
  return new TypeError('fetch failed', { cause });
}

describe(classifyRequestFailure.name, () => {
  const live = { poll: new AbortController().signal };
  const what = 'Status site GET /api/feed/mac';

  it.each<[string, unknown, ConnectorErrorKind, string]>([
    ['connection refused', fetchFailure('ECONNREFUSED'), 'unavailable', `${what}: connection refused`],
    ['connection reset', fetchFailure('ECONNRESET'), 'unavailable', `${what}: connection reset`],
    [
      'a body cut short',
      new TypeError('terminated', { cause: fetchFailure('UND_ERR_SOCKET') }),
      'unavailable',
      `${what}: connection closed mid-answer`,
    ],
    ['an unknown host', fetchFailure('ENOTFOUND'), 'unavailable', `${what}: host not found`],
    [
      'headers that never came',
      fetchFailure('UND_ERR_HEADERS_TIMEOUT'),
      'timeout',
      `${what}: UND_ERR_HEADERS_TIMEOUT`,
    ],
    [
      'an http.request error',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      'unavailable',
      `${what}: connection refused`,
    ],
    ['a DOMException abort', new DOMException('aborted', 'AbortError'), 'timeout', `${what}: no answer`],
    ['anything else', new Error('something odd'), 'unavailable', `${what}: something odd`],
  ])('classifies %s', (_case, error, kind, message) => {
    expect(classifyRequestFailure(error, what, live)).toMatchObject({ kind, message });
  });

  it('passes a ConnectorError through', () => {
    const error = new ConnectorError('malformed', 'bad');
    expect(classifyRequestFailure(error, what, live)).toBe(error);
  });

  it('blames the poll when the poll was aborted', () => {
    const poll = AbortSignal.abort();
    expect(classifyRequestFailure(fetchFailure('ECONNRESET'), what, { poll })).toMatchObject({
      kind: 'timeout',
      message: `${what}: poll aborted before the answer came`,
    });
  });

  it('names the request time-out when that is what aborted', () => {
    const request = AbortSignal.abort(new DOMException('timed out', 'TimeoutError'));
    const error = classifyRequestFailure(new DOMException('timed out', 'TimeoutError'), what, {
      poll: live.poll,
      request,
      requestTimeoutMs: 30_000,
    });
    expect(error).toMatchObject({ kind: 'timeout', message: `${what}: no answer within 30 s` });
  });
});
