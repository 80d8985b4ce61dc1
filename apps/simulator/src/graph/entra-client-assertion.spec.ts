import { constants, createHash, sign, X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';
import { checkClientAssertion } from './entra-client-assertion.js';

const TOKEN_URL = 'https://127.0.0.1:4443/contoso/oauth2/v2.0/token';
const NOW = Date.parse('2026-11-30T08:00:00Z');
const b64 = (json: object) => Buffer.from(JSON.stringify(json)).toString('base64url');

describe('checkClientAssertion', () => {
  let cert: string;
  let key: string;
  let otherKey: string;

  beforeAll(async () => {
    const pems = await generate([{ name: 'commonName', value: 'app' }], { keyType: 'rsa', keySize: 2048 });
    const other = await generate([{ name: 'commonName', value: 'other' }], { keyType: 'rsa', keySize: 2048 });
    [cert, key, otherKey] = [pems.cert, pems.private, other.private];
  });

  /** An assertion as a client builds it; `change` alters its header, claims or signing. */
  function assertion(
    change: { header?: object; claims?: object; key?: string; alg?: 'RS256' | 'PS256' } = {},
  ): string {
    const der = new X509Certificate(cert).raw;
    const alg = change.alg ?? 'RS256';
    const header = {
      alg,
      typ: 'JWT',
      'x5t#S256': createHash('sha256').update(der).digest('base64url'),
      ...change.header,
    };
    const now = NOW / 1000;
    const claims = {
      aud: TOKEN_URL,
      iss: 'app-id',
      sub: 'app-id',
      jti: 'j',
      nbf: now,
      exp: now + 600,
      ...change.claims,
    };
    const input = `${b64(header)}.${b64(claims)}`;
    const padding = alg === 'PS256' ? constants.RSA_PKCS1_PSS_PADDING : constants.RSA_PKCS1_PADDING;
    const signature = sign('sha256', Buffer.from(input), { key: change.key ?? key, padding });
    return `${input}.${signature.toString('base64url')}`;
  }
  const check = (value: string, certificatePem: string | undefined = cert) =>
    checkClientAssertion({
      assertion: value,
      clientId: 'app-id',
      certificatePem,
      tokenUrl: TOKEN_URL,
      nowMs: NOW,
    });

  it('takes an assertion signed by the registered certificate’s key, RS256 or PS256', () => {
    expect(check(assertion())).toBeNull();
    expect(check(assertion({ alg: 'PS256' }))).toBeNull();
  });

  it('takes the SHA-1 thumbprint in x5t when x5t#S256 is absent', () => {
    const sha1 = createHash('sha1').update(new X509Certificate(cert).raw).digest('base64url');
    expect(check(assertion({ header: { 'x5t#S256': undefined, x5t: sha1 } }))).toBeNull();
  });

  it.each([
    ['signed by another key', () => assertion({ key: otherKey }), 700027, /signature value did not match/],
    [
      'naming another certificate',
      () => assertion({ header: { 'x5t#S256': 'abc' } }),
      700027,
      /key was not found/,
    ],
    [
      'for another audience',
      () => assertion({ claims: { aud: 'https://elsewhere/token' } }),
      700212,
      /audience/,
    ],
    [
      'from another app',
      () => assertion({ claims: { iss: 'someone', sub: 'someone' } }),
      700021,
      /client_id/,
    ],
    ['expired', () => assertion({ claims: { exp: NOW / 1000 - 301 } }), 700024, /valid time range/],
    ['not yet valid', () => assertion({ claims: { nbf: NOW / 1000 + 301 } }), 700024, /valid time range/],
    ['with alg none', () => assertion({ header: { alg: 'none' } }), 700027, /signature/],
    ['malformed', () => 'not.a-jwt', 50027, /malformed/],
  ])('refuses an assertion %s', (_case, make, code, description) => {
    const refusal = check(make());
    expect(refusal?.code).toBe(code);
    expect(refusal?.description).toMatch(description);
  });

  it('refuses every assertion for an app without a certificate', () => {
    const noCertificate = { assertion: assertion(), clientId: 'app-id', tokenUrl: TOKEN_URL, nowMs: NOW };
    expect(checkClientAssertion({ ...noCertificate, certificatePem: undefined })?.code).toBe(700027);
  });
});
