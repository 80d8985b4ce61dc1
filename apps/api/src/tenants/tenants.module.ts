import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { GraphTenantAdminService } from './graph-tenant-admin.service.js';
import { GraphTenantsResolver } from './graph-tenants.resolver.js';
import { TenantScopeService } from './tenant-scope.service.js';

@Module({ providers: [TenantScopeService], exports: [TenantScopeService] })
export class TenantsModule {}

/** The admin queries and mutations on tenants added at run time. */
@Module({
  imports: [TenantsModule, AuthModule],
  providers: [GraphTenantAdminService, GraphTenantsResolver],
})
export class TenantAdminModule {}
