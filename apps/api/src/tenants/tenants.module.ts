import { TenantCredentialsRepository } from '#persistence';
import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { GraphTenantAdminService } from './graph-tenant-admin.service.js';
import { GraphTenantsResolver } from './graph-tenants.resolver.js';
import { TenantsModule } from './tenant-scope.module.js';

// In a file of its own so that the key store (under AuthModule) can import it without a cycle.
export { TenantsModule };

/** The admin queries and mutations on tenants added at run time. */
@Module({
  imports: [TenantsModule, AuthModule],
  providers: [GraphTenantAdminService, GraphTenantsResolver, TenantCredentialsRepository],
})
export class TenantAdminModule {}
