import { Module } from '@nestjs/common';
import { AccessService } from './access.service.js';
import { HttpRouteAccess } from './http-route-access.service.js';
import { ApiKeysResolver } from './api-keys.resolver.js';
import { KeyStoreModule } from './key-store.module.js';
import { RateLimits } from './rate-limits.js';
import { RolesGuard } from './roles.guard.js';

/** Who a request acts as (keys, roles). */
@Module({
  imports: [KeyStoreModule],
  providers: [AccessService, RateLimits, RolesGuard, HttpRouteAccess],
  exports: [AccessService, RateLimits, RolesGuard, HttpRouteAccess, KeyStoreModule],
})
export class AuthModule {}

/** The admin queries and mutations on keys and the audit log. */
@Module({ imports: [AuthModule], providers: [ApiKeysResolver] })
export class KeyManagementModule {}
