import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { ServicesModule } from '../services/services.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { OverviewRepository } from '#persistence';
import { OverviewResolver } from './overview.resolver.js';
import { OverviewService } from './overview.service.js';

@Module({
  imports: [DatabaseModule, TenantsModule, ServicesModule],
  providers: [OverviewRepository, OverviewService, OverviewResolver],
})
export class OverviewModule {}
