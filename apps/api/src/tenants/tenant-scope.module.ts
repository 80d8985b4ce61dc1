import { TenantsRepository } from '#persistence';
import { Module } from '@nestjs/common';
import { TenantScopeService } from './tenant-scope.service.js';

/** The one definition of the tenants Beacon knows (see TenantScopeService), for every module that asks. */
@Module({
  providers: [TenantScopeService, TenantsRepository],
  exports: [TenantScopeService, TenantsRepository],
})
export class TenantsModule {}
