import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';
import { TenantScopeService } from '../tenants/tenant-scope.service.js';
import { toServiceModel } from './service.mapper.js';
import type { ServiceModel } from './service.model.js';
import { ServicesRepository } from '#persistence';

@Injectable()
export class ServicesService {
  constructor(
    private readonly repository: ServicesRepository,
    private readonly tenants: TenantScopeService,
  ) {}

  async list(tenantId: string | null | undefined, principal: Principal): Promise<ServiceModel[]> {
    const scope = this.tenants.resolve(tenantId, principal);
    return (await this.repository.statusesInScope(scope)).map((record) => toServiceModel(record, scope));
  }

  /** Null when the view has no status for that service (an unknown id, or one no channel spoke of). */
  async find(
    id: string,
    tenantId: string | null | undefined,
    principal: Principal,
  ): Promise<ServiceModel | null> {
    const scope = this.tenants.resolve(tenantId, principal);
    const [record] = await this.repository.statusesInScope(scope, [id]);
    return record ? toServiceModel(record, scope) : null;
  }
}
