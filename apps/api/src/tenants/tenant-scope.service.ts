import { BEACON_CONFIG, type BeaconConfig } from '#config';
import { Inject, Injectable } from '@nestjs/common';
import { canReadTenant, type Principal } from '../auth/principal.js';
import { badUserInput } from '../errors/api.error.js';
import type { TenantScope } from './tenant-scope.type.js';

/**
 * Turns a `tenantId` argument into the tenant whose view is read (semantics.md, "Configuration"), for the
 * key asking: the one given if it is configured and the key may read it, else the first such tenant; null
 * (the global view) when Graph is not configured at all and the key is not limited to tenants. A tenant
 * that is not configured and one the key may not read get the same answer, which names neither.
 */
@Injectable()
export class TenantScopeService {
  private readonly tenantIds: string[];

  constructor(@Inject(BEACON_CONFIG) config: BeaconConfig) {
    this.tenantIds = config.graph.tenants.map((tenant) => tenant.id);
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
}
