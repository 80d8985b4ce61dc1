import { Module } from '@nestjs/common';
import { TenantScopeService } from './tenant-scope.service.js';

/** The one definition of the tenants Beacon knows (see TenantScopeService), for every module that asks. */
@Module({ providers: [TenantScopeService], exports: [TenantScopeService] })
export class TenantsModule {}
