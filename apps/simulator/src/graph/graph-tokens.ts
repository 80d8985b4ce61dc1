import { randomBytes } from 'node:crypto';
import type { ScenarioTenant } from '../scenario/scenario.schema.js';

export interface GraphSession {
  tenant: ScenarioTenant;
  expiresAtMs: number;
}

/**
 * The access tokens handed out, each tied to its tenant: Graph finds the tenant in the token, not in the
 * URL. They look like Entra's JWTs so that nothing about them seems special to a client.
 */
export class GraphTokens {
  readonly #sessions = new Map<string, GraphSession>();

  issue(tenant: ScenarioTenant, nowMs: number, lifetimeSeconds: number): string {
    // Forgetting expired tokens keeps a long demo's memory flat; Graph refuses them the same way.
    for (const [token, session] of this.#sessions)
      if (session.expiresAtMs <= nowMs) this.#sessions.delete(token);
    const issuedAt = Math.floor(nowMs / 1000);
    const header = { typ: 'JWT', alg: 'RS256', kid: 'simulator' };
    const payload = {
      aud: 'https://graph.microsoft.com',
      iss: `https://sts.windows.net/${tenant.id}/`,
      iat: issuedAt,
      nbf: issuedAt,
      exp: issuedAt + lifetimeSeconds,
      appid: tenant.clientId,
      roles: ['ServiceHealth.Read.All', 'ServiceMessage.Read.All'],
      tid: tenant.id,
    };
    const token = [header, payload]
      .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
      .concat(randomBytes(32).toString('base64url'))
      .join('.');
    this.#sessions.set(token, { tenant, expiresAtMs: nowMs + lifetimeSeconds * 1000 });
    return token;
  }

  lookup(token: string): GraphSession | undefined {
    return this.#sessions.get(token);
  }
}
