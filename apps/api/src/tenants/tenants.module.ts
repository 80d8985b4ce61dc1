import { Module } from '@nestjs/common';
import { TenantScopeService } from './tenant-scope.service.js';

@Module({ providers: [TenantScopeService], exports: [TenantScopeService] })
export class TenantsModule {}
