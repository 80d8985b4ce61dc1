import { ApiKeysRepository, AuditLogRepository } from '#persistence';
import { Module } from '@nestjs/common';
import { ApiKeyAdminService } from './api-key-admin.service.js';
import { TenantsModule } from '../tenants/tenant-scope.module.js';

/** The stored keys and the audit log: what the API and `npm run keys` share (keys name known tenants). */
@Module({
  imports: [TenantsModule],
  providers: [ApiKeysRepository, AuditLogRepository, ApiKeyAdminService],
  exports: [ApiKeysRepository, AuditLogRepository, ApiKeyAdminService],
})
export class KeyStoreModule {}
