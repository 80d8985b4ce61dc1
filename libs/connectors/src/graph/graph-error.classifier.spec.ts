import { readFileSync } from 'node:fs';
import type { ConnectorErrorKind } from '../connector.error.js';
import { classifyGraphAnswer, classifyTokenAnswer } from './graph-error.classifier.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe(classifyTokenAnswer.name, () => {
  it.each<[number, string, ConnectorErrorKind, string]>([
    [401, fixture('token-error.json'), 'authentication', '401 invalid_client (AADSTS7000215)'],
    [
      400,
      '{"error":"invalid_request","error_description":"AADSTS90002: Tenant \'contoso\' not found."}',
      'authentication',
      '400 invalid_request (AADSTS90002)',
    ],
    [400, '<html>bad request</html>', 'authentication', '400'],
    [429, '', 'throttled', '429'],
    [503, '', 'unavailable', '503'],
  ])('classifies a %i token answer', (status, body, kind, tail) => {
    const error = classifyTokenAnswer({ status, retryAfter: null, body }, 'contoso', 0);
    expect(error).toMatchObject({ kind, message: `Graph token request for tenant contoso: ${tail}` });
  });

  it('never repeats the free text of the error description', () => {
    const error = classifyTokenAnswer(
      { status: 401, retryAfter: null, body: fixture('token-error.json') },
      'c',
      0,
    );
    expect(error.message).not.toMatch(/secret/i);
  });
});

describe(classifyGraphAnswer.name, () => {
  const what = 'Graph GET issues for tenant contoso';

  it.each<[number, string, ConnectorErrorKind, string]>([
    [403, fixture('error-forbidden.json'), 'authentication', '403 (Authorization_RequestDenied)'],
    [
      401,
      '{"error":{"code":"InvalidAuthenticationToken"}}',
      'authentication',
      '401 (InvalidAuthenticationToken)',
    ],
    [429, '{"error":{"code":"TooManyRequests"}}', 'throttled', '429 (TooManyRequests)'],
    [
      400,
      '{"error":{"code":"BadRequest","message":"Invalid filter clause"}}',
      'unavailable',
      '400 (BadRequest)',
    ],
    [500, 'Internal Server Error', 'unavailable', '500'],
    [502, '{"error":{"code":"<script>alert(1)</script>"}}', 'unavailable', '502 (unreadable error code)'],
  ])('classifies %i', (status, body, kind, tail) => {
    expect(classifyGraphAnswer({ status, retryAfter: '12', body }, what, 0)).toMatchObject({
      kind,
      message: `${what}: ${tail}`,
      httpStatus: status,
    });
  });

  it('carries the Retry-After of a 429', () => {
    expect(classifyGraphAnswer({ status: 429, retryAfter: '12', body: '' }, what, 0).retryAfterMs).toBe(
      12_000,
    );
  });
});
