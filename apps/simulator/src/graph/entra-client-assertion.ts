import { constants, createHash, verify, X509Certificate } from 'node:crypto';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Entra's tolerance for clocks that disagree, on `nbf` and `exp`. */
const CLOCK_SKEW_SECONDS = 300;

/** Why Entra refuses an assertion: its HTTP status, OAuth error, AADSTS code and message. */
export interface AssertionRefusal {
  status: 400 | 401;
  error: string;
  code: number;
  description: string;
}

export interface AssertionCheck {
  assertion: string;
  clientId: string;
  /** The certificate registered with the app (PEM); none: only secrets are accepted. */
  certificatePem: string | undefined;
  /** The token endpoint the assertion was sent to: its audience must be that URL. */
  tokenUrl: string;
  nowMs: number;
}

/**
 * Checks a client assertion as Entra does: a JWT naming the registered certificate by thumbprint
 * (`x5t#S256`, else `x5t`), signed RS256 or PS256 by its key, issued by and about the app, for this token
 * endpoint, and within its validity. Returns the refusal, or null when the assertion is good.
 */
export function checkClientAssertion(check: AssertionCheck): AssertionRefusal | null {
  const parts = check.assertion.split('.');
  const header = decodeJson(parts[0]);
  const claims = decodeJson(parts[1]);
  if (parts.length !== 3 || !header || !claims || !parts[2]) {
    return refuse(400, 'invalid_request', 50027, 'JWT token is invalid or malformed.');
  }
  const certificate = registered(check.certificatePem);
  const thumbprint = (algorithm: string) =>
    certificate && createHash(algorithm).update(certificate.raw).digest('base64url');
  const named = header['x5t#S256'] ?? header.x5t;
  const expected = header['x5t#S256'] !== undefined ? thumbprint('sha256') : thumbprint('sha1');
  if (!certificate || typeof named !== 'string' || named !== expected) {
    return refuse(
      401,
      'invalid_client',
      700027,
      `Client assertion failed signature validation. (Reason - The key was not found., Thumbprint of key used by client: '${String(named).slice(0, 64)}'. Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${check.clientId}'.)`,
    );
  }
  const signingInput = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2], 'base64url');
  const signed =
    header.alg === 'RS256'
      ? verify('sha256', signingInput, certificate.publicKey, signature)
      : header.alg === 'PS256' &&
        verify(
          'sha256',
          signingInput,
          { key: certificate.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING },
          signature,
        );
  if (!signed) {
    return refuse(
      401,
      'invalid_client',
      700027,
      'Client assertion failed signature validation. (Reason - The provided signature value did not match the expected signature value.)',
    );
  }
  if (claims.iss !== check.clientId || claims.sub !== check.clientId) {
    return refuse(
      401,
      'invalid_client',
      700021,
      "Client assertion application identifier doesn't match 'client_id' parameter.",
    );
  }
  if (claims.aud !== check.tokenUrl) {
    return refuse(
      401,
      'invalid_client',
      700212,
      `The audience of the client assertion must be '${check.tokenUrl}'.`,
    );
  }
  const now = check.nowMs / 1000;
  const valid =
    typeof claims.exp === 'number' &&
    claims.exp > now - CLOCK_SKEW_SECONDS &&
    (claims.nbf === undefined || (typeof claims.nbf === 'number' && claims.nbf <= now + CLOCK_SKEW_SECONDS));
  if (!valid) {
    return refuse(401, 'invalid_client', 700024, 'Client assertion is not within its valid time range.');
  }
  return null;
}

function refuse(status: 400 | 401, error: string, code: number, description: string): AssertionRefusal {
  return { status, error, code, description };
}

function registered(pem: string | undefined): X509Certificate | undefined {
  if (pem === undefined) return undefined;
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}

function decodeJson(part: string | undefined): Record<string, unknown> | undefined {
  if (!part) return undefined;
  try {
    const json: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return json !== null && typeof json === 'object' && !Array.isArray(json)
      ? (json as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
