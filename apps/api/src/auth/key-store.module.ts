import { Module } from '@nestjs/common';
import { ApiKeyAdminService } from './api-key-admin.service.js';
import { ApiKeysRepository } from './api-keys.repository.js';
import { AuditLogRepository } from './audit-log.repository.js';

/** The stored keys and the audit log: what the API and `npm run keys` share. */
@Module({
  providers: [ApiKeysRepository, AuditLogRepository, ApiKeyAdminService],
  exports: [ApiKeysRepository, AuditLogRepository, ApiKeyAdminService],
})
export class KeyStoreModule {}
