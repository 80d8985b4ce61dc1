import { BEACON_CONFIG, type BeaconConfig } from '#config';
import { Inject, Injectable } from '@nestjs/common';
import { badUserInput } from '../errors/api.error.js';
import type { TenantScope } from './tenant-scope.type.js';

/**
 * Turns a `tenantId` argument into the tenant whose view is read (semantics.md, "Configuration"): the one
 * given if it is configured, else the first configured tenant; null when Graph is not configured at all.
 */
@Injectable()
export class TenantScopeService {
  private readonly tenantIds: string[];

  constructor(@Inject(BEACON_CONFIG) config: BeaconConfig) {
    this.tenantIds = config.graph.tenants.map((tenant) => tenant.id);
  }

  resolve(tenantId: string | null | undefined): TenantScope {
    if (tenantId === null || tenantId === undefined) return this.tenantIds[0] ?? null;
    if (!this.tenantIds.includes(tenantId)) {
      throw badUserInput(
        this.tenantIds.length === 0
          ? `unknown tenantId "${tenantId.slice(0, 100)}": no Graph tenant is configured`
          : `unknown tenantId "${tenantId.slice(0, 100)}": configured tenants are ${this.tenantIds.join(', ')}`,
        'tenantId',
      );
    }
    return tenantId;
  }
}
