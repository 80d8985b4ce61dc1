import type { GraphTenant } from '#config';
import type { ConnectorSettings } from '../connector.options.js';
import { validateAnswer } from '../shared/answer.validator.js';
import { readBodyText } from '../shared/body.reader.js';
import { parseJsonBody } from '../shared/json-body.parser.js';
import type { PollContext } from '../shared/poll.context.js';
import { classifyRequestFailure } from '../shared/request-failure.classifier.js';
import { requestSignal } from '../shared/request.signal.js';
import { CLIENT_ASSERTION_TYPE, GraphClientAssertion } from './graph-client-assertion.js';
import { classifyTokenAnswer } from './graph-error.classifier.js';
import { graphTokenSchema } from './graph.schemas.js';

/** Where a tenant's tokens come from and what they are for (sovereign clouds differ in both). */
export interface GraphEndpoints {
  /** Graph's root without the version, e.g. `https://graph.microsoft.us`. */
  baseUrl: string;
  /** The token authority, e.g. `https://login.microsoftonline.us`. */
  authorityUrl: string;
}

interface CachedToken {
  value: string;
  refreshAt: number;
}

/**
 * App-only tokens for one tenant (client credentials, with a client secret or a certificate's signed
 * assertion), cached and replaced `graphTokenRefreshMarginMs` before they expire, so that no Graph request
 * goes out with a token about to lapse. Credentials are fixed for its life: a rotation makes a new provider.
 */
export class GraphTokenProvider {
  #cached: CachedToken | null = null;
  readonly #assertion: GraphClientAssertion | null;

  constructor(
    private readonly tenant: GraphTenant,
    private readonly endpoints: GraphEndpoints,
    private readonly settings: ConnectorSettings,
  ) {
    const { credential } = tenant;
    this.#assertion =
      credential.kind === 'certificate'
        ? new GraphClientAssertion(credential.certificate, tenant.clientId)
        : null;
  }

  async token(poll: PollContext): Promise<string> {
    const now = this.settings.clock.now();
    if (this.#cached && now < this.#cached.refreshAt) return this.#cached.value;
    const token = await this.#request(poll);
    // A margin larger than half the lifetime would refresh on every request.
    const lifetimeMs = token.expires_in * 1000;
    const marginMs = Math.min(this.settings.graphTokenRefreshMarginMs, lifetimeMs / 2);
    this.#cached = { value: token.access_token, refreshAt: now + lifetimeMs - marginMs };
    return token.access_token;
  }

  /** Forgets the cached token: Graph refused it (revoked, or the clock lied about its expiry). */
  invalidate(): void {
    this.#cached = null;
  }

  async #request(poll: PollContext) {
    const what = `Graph token request for tenant ${this.tenant.id}`;
    const url = `${trimSlashes(this.endpoints.authorityUrl)}/${encodeURIComponent(this.tenant.id)}/oauth2/v2.0/token`;
    const signal = requestSignal(poll.signal, this.settings.requestTimeoutMs);
    const signals = { poll: poll.signal, request: signal, requestTimeoutMs: this.settings.requestTimeoutMs };
    try {
      poll.stats.requests++;
      const response = await this.settings.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({
          client_id: this.tenant.clientId,
          ...this.#proof(url),
          grant_type: 'client_credentials',
          scope: `${trimSlashes(this.endpoints.baseUrl)}/.default`,
        }),
        signal,
      });
      const body = await readBodyText(response, this.settings.maxBodyBytes, what);
      if (!response.ok) {
        const answer = { status: response.status, retryAfter: response.headers.get('retry-after'), body };
        throw classifyTokenAnswer(answer, this.tenant.id, this.settings.clock.now());
      }
      return validateAnswer(
        graphTokenSchema,
        parseJsonBody(body, response.headers.get('content-type'), what),
        what,
      );
    } catch (error) {
      throw classifyRequestFailure(error, what, signals);
    }
  }

  /** The form fields that prove the app's identity: its secret, or an assertion signed for this request. */
  #proof(tokenUrl: string): Record<string, string> {
    const { credential } = this.tenant;
    if (credential.kind === 'secret') return { client_secret: credential.clientSecret.reveal() };
    return {
      client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: (this.#assertion as GraphClientAssertion).sign(tokenUrl, this.settings.clock.now()),
    };
  }
}

export function trimSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}
