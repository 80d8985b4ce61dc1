import { BEACON_CONFIG, type BeaconConfig } from '#config';
import { TenantsRepository } from '#persistence';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { canReadTenant, type Principal } from '../auth/principal.js';
import { badUserInput } from '../errors/api.error.js';
import type { TenantScope } from './tenant-scope.type.js';

/** How often the tenants polled now are read again: one added at run time is readable within this. */
const REFRESH_MS = 5000;

/**
 * Turns a `tenantId` argument into the tenant whose view is read (semantics.md, "Configuration"), for the
 * key asking: the one given if it is configured and the key may read it, else the first such tenant; null
 * (the global view) when Graph is not configured at all and the key is not limited to tenants. A tenant
 * that is not configured and one the key may not read get the same answer, which names neither.
 *
 * Configured means: polled now (a Graph source not DISABLED, registered by an ingestor: the tenants file
 * changes at run time), added by an admin, or in this process's configuration at start and not registered
 * yet. A tenant removed at run time (its source DISABLED, its registration gone) is dropped at the next
 * refresh; its history is kept in the database.
 */
@Injectable()
export class TenantScopeService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(TenantScopeService.name);
  private tenantIds: string[];
  private readonly configured: string[];
  /** When each tenant added in this process was learned: a refresh begun before must not drop it. */
  private readonly learnedAt = new Map<string, number>();
  private refresh: NodeJS.Timeout | undefined;

  constructor(
    @Inject(BEACON_CONFIG) config: BeaconConfig,
    private readonly tenants: TenantsRepository,
  ) {
    this.configured = config.graph.tenants.map((tenant) => tenant.id);
    this.tenantIds = this.configured;
  }

  async onModuleInit(): Promise<void> {
    await this.refreshQuietly();
    this.refresh = setInterval(() => void this.refreshQuietly(), REFRESH_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.refresh);
  }

  /** A tenant added in this process: readable at once, not at the next refresh. */
  learn(tenantId: string): void {
    this.learnedAt.set(tenantId, performance.now());
    if (!this.tenantIds.includes(tenantId)) this.tenantIds = [...this.tenantIds, tenantId];
  }

  /**
   * Every configured tenant, read afresh: what a key's or a notification rule's tenants must be among, so
   * that one added a moment ago (by any API process) is accepted.
   */
  async known(): Promise<string[]> {
    await this.readPolled();
    return this.tenantIds;
  }

  resolve(tenantId: string | null | undefined, principal: Principal): TenantScope {
    const readable = this.tenantIds.filter((id) => canReadTenant(principal, id));
    if (tenantId === null || tenantId === undefined) {
      if (readable[0] !== undefined) return readable[0];
      if (this.tenantIds.length === 0 && principal.tenantIds === null) return null;
      throw badUserInput('this key reads no configured tenant', 'tenantId');
    }
    if (!readable.includes(tenantId)) {
      throw badUserInput(
        `unknown tenantId "${tenantId.slice(0, 100)}" (or not one this key reads)`,
        'tenantId',
      );
    }
    return tenantId;
  }

  /**
   * The tenants polled now or added by admins, less those removed since; the configured ones keep their
   * place (the default first).
   */
  private async readPolled(): Promise<void> {
    const begun = performance.now();
    const rows = await this.tenants.known();
    const active = new Set(rows.filter((row) => row.active).map((row) => row.id));
    for (const [id, at] of this.learnedAt) if (at >= begun) active.add(id);
    const removed = new Set(rows.filter((row) => !row.active).map((row) => row.id));
    const configured = this.configured.filter((id) => !removed.has(id));
    this.tenantIds = [...configured, ...[...active].filter((id) => !configured.includes(id))];
  }

  private async refreshQuietly(): Promise<void> {
    try {
      await this.readPolled();
    } catch (error) {
      this.logger.warn({ error: String(error) }, 'could not read the tenants polled now');
    }
  }
}
