import { BEACON_CONFIG, type BeaconConfig } from '#config';
import { type ApiKeyRole, ApiKeysRepository } from '#persistence';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from '../errors/api.error.js';
import { unauthenticated } from './access.hooks.js';
import { timingSafeEqual } from 'node:crypto';
import { digestOf, prefixOf } from './api-key.secret.js';
import { isLoopback } from './loopback.util.js';
import { hasRole, type Principal } from './principal.js';
import { presentedKeys } from './presented-keys.util.js';

/** What a request or connection_init payload amounts to: no key, a wrong one, or who it acts as. */
export type Authentication = Principal | 'absent' | 'invalid';

/** How long a verified key is trusted without asking the database again (and a revocation may lag). */
const KEY_CACHE_MS = 10_000;
/** How long "are there stored keys?" is trusted: a loopback Beacon asks for keys once one exists. */
const KEYS_EXIST_CACHE_MS = 5_000;
const LAST_USED_EVERY_MS = 60_000;

/** A loopback Beacon without any key: its local user may do everything, as before keys existed. */
export const LOCAL_PRINCIPAL: Principal = {
  id: 'local',
  name: 'local (no keys)',
  role: 'admin',
  tenantIds: null,
};

/**
 * Decides who a request acts as (see apps/api/README.md, "Access"). Keys are the stored ones (`npm run
 * keys`, admin mutations: looked up by SHA-256 digest) and the bootstrap ones of `API_KEYS` (admins of
 * every tenant, compared as digests with timingSafeEqual against each). Without any key, a Beacon
 * answers only on the loopback address, and refuses to start on any other.
 */
@Injectable()
export class AccessService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AccessService.name);
  private readonly bootstrap: Array<{ digest: Buffer; principal: Principal }>;
  private readonly loopback: boolean;
  private readonly verified = new Map<string, { principal: Principal; until: number }>();
  private readonly lastTouched = new Map<string, number>();
  private storedKeysExist: { value: boolean; until: number } | null = null;

  constructor(
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
    private readonly keys: ApiKeysRepository,
  ) {
    this.bootstrap = config.apiKeys.map((secret, index) => ({
      digest: Buffer.from(digestOf(secret.reveal()), 'hex'),
      principal: {
        id: `API_KEYS#${index + 1}`,
        name: `API_KEYS #${index + 1}`,
        role: 'admin',
        tenantIds: null,
      },
    }));
    this.loopback = isLoopback(config.http.host);
  }

  /** Secure by default: never listen beyond the loopback address without a key. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.loopback || this.bootstrap.length > 0 || (await this.keys.anyActive())) return;
    throw new Error(
      `refusing to listen on ${this.config.http.host} without API keys: anyone who can reach it could ` +
        'read every tenant. Set API_KEYS=<a long random key> (bootstrap admin keys), or create a key with ' +
        '`npm run keys -- create --name <name> --role admin`, or listen on 127.0.0.1 (HOST).',
    );
  }

  /** Whether requests must present a key: always beyond loopback, and on loopback once any key exists. */
  async keysRequired(): Promise<boolean> {
    if (!this.loopback || this.bootstrap.length > 0) return true;
    const now = Date.now();
    if (!this.storedKeysExist || this.storedKeysExist.until <= now) {
      this.storedKeysExist = { value: await this.keys.anyActive(), until: now + KEYS_EXIST_CACHE_MS };
    }
    return this.storedKeysExist.value;
  }

  /** Reads the key from headers and/or a connection_init payload. */
  async authenticate(...sources: unknown[]): Promise<Authentication> {
    if (!(await this.keysRequired())) return LOCAL_PRINCIPAL;
    const presented = sources.flatMap(presentedKeys);
    if (presented.length === 0) return 'absent';
    for (const key of presented) {
      const principal = await this.principalOf(key);
      if (principal) return principal;
    }
    return 'invalid';
  }

  /**
   * For routes outside GraphQL (e.g. exports): who the headers' key is, when it has at least `role`;
   * otherwise HTTP 401 UNAUTHENTICATED or 403 FORBIDDEN.
   */
  async principalWithRole(headers: IncomingHttpHeaders, role: ApiKeyRole): Promise<Principal> {
    const verdict = await this.authenticate(headers);
    if (typeof verdict !== 'object') throw unauthenticated();
    if (!hasRole(verdict, role)) {
      throw new ApiError(
        'FORBIDDEN',
        `this needs a key with the ${role} role (this key is ${verdict.role})`,
        403,
      );
    }
    return verdict;
  }

  /** After a change to the keys in this process: no cached answer outlives it here. */
  forget(): void {
    this.verified.clear();
    this.storedKeysExist = null;
  }

  private async principalOf(key: string): Promise<Principal | null> {
    const digest = digestOf(key);
    const bootstrap = this.bootstrapPrincipal(Buffer.from(digest, 'hex'));
    if (bootstrap) return bootstrap;
    const now = Date.now();
    const cached = this.verified.get(digest);
    if (cached && cached.until > now) return this.used(cached.principal);
    const record = await this.keys.findActive(digest);
    if (!record) {
      this.verified.delete(digest);
      return null;
    }
    const principal: Principal = {
      id: record.id,
      name: `${record.name} (${prefixOf(key)}…)`,
      role: record.role,
      tenantIds: record.tenantIds,
    };
    this.verified.set(digest, { principal, until: now + KEY_CACHE_MS });
    return this.used(principal);
  }

  private bootstrapPrincipal(digest: Buffer): Principal | null {
    let found: Principal | null = null;
    // Compared against every key, so that the time taken says nothing about which one matched.
    for (const known of this.bootstrap) if (timingSafeEqual(digest, known.digest)) found ??= known.principal;
    return found;
  }

  private used(principal: Principal): Principal {
    const now = Date.now();
    if ((this.lastTouched.get(principal.id) ?? 0) + LAST_USED_EVERY_MS <= now) {
      this.lastTouched.set(principal.id, now);
      this.keys.touch(principal.id).catch((error: unknown) => {
        this.logger.warn({ error: String(error) }, 'could not record when a key was last used');
      });
    }
    return principal;
  }
}
