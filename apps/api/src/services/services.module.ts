import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { ServicesRepository } from '#persistence';
import { ServicesResolver } from './services.resolver.js';
import { ServicesService } from './services.service.js';

@Module({
  imports: [DatabaseModule, TenantsModule],
  providers: [ServicesRepository, ServicesService, ServicesResolver],
  exports: [ServicesRepository],
})
export class ServicesModule {}
