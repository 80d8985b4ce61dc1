import { createHash, createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto';
import type { GraphCertificate } from '#config';

/** How long an assertion is valid: Entra only needs it for the one token request it goes with. */
const LIFETIME_SECONDS = 10 * 60;

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * Signs client assertions (RFC 7523) with a certificate's private key, as Entra's certificate credentials
 * want them: RS256, the certificate named by its SHA-256 thumbprint (`x5t#S256`) and, for authorities that
 * only read the older header, its SHA-1 one (`x5t`); audience the token endpoint, issuer and subject the
 * app. The key is parsed once.
 */
export class GraphClientAssertion {
  readonly #key: ReturnType<typeof createPrivateKey>;
  readonly #header: string;

  constructor(
    certificate: GraphCertificate,
    private readonly clientId: string,
  ) {
    this.#key = createPrivateKey(certificate.privateKey.reveal());
    const der = new X509Certificate(certificate.certificatePem).raw;
    const thumbprint = (algorithm: string) => createHash(algorithm).update(der).digest('base64url');
    this.#header = encode({
      alg: 'RS256',
      typ: 'JWT',
      x5t: thumbprint('sha1'),
      'x5t#S256': thumbprint('sha256'),
    });
  }

  /** A fresh assertion (its own `jti`) for one request to `tokenUrl`, valid from `nowMs`. */
  sign(tokenUrl: string, nowMs: number): string {
    const now = Math.floor(nowMs / 1000);
    const claims = {
      aud: tokenUrl,
      iss: this.clientId,
      sub: this.clientId,
      jti: randomUUID(),
      nbf: now,
      iat: now,
      exp: now + LIFETIME_SECONDS,
    };
    const signingInput = `${this.#header}.${encode(claims)}`;
    return `${signingInput}.${sign('sha256', Buffer.from(signingInput), this.#key).toString('base64url')}`;
  }
}

function encode(json: object): string {
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}
