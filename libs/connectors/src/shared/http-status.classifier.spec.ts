import type { ConnectorErrorKind } from '../connector.error.js';
import { DEFAULT_RETRY_AFTER_MS, classifyHttpStatus } from './http-status.classifier.js';

describe(classifyHttpStatus.name, () => {
  const now = 0;

  it.each<[number, string | null, ConnectorErrorKind, number | undefined]>([
    [401, null, 'authentication', undefined],
    [403, null, 'authentication', undefined],
    [429, '30', 'throttled', 30_000],
    [429, null, 'throttled', DEFAULT_RETRY_AFTER_MS],
    [500, null, 'unavailable', undefined],
    [502, null, 'unavailable', undefined],
    [503, '10', 'unavailable', 10_000],
    [504, null, 'unavailable', undefined],
    [404, null, 'unavailable', undefined],
    [400, null, 'unavailable', undefined],
  ])('classifies %i (Retry-After %j) as %s', (status, retryAfter, kind, retryAfterMs) => {
    const error = classifyHttpStatus({ status, retryAfter }, 'Graph GET issues for tenant contoso', now);
    expect(error).toMatchObject({ kind, retryAfterMs, httpStatus: status });
  });

  it('says what failed, with the upstream code', () => {
    const error = classifyHttpStatus(
      { status: 403, retryAfter: null, detail: '(Forbidden)' },
      'X GET user',
      now,
    );
    expect(error.message).toBe('X GET user: 403 (Forbidden)');
  });
});
