import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { IncidentConnectionResolver, IncidentsResolver } from './incidents.resolver.js';
import { IncidentsRepository } from '#persistence';
import { IncidentsService } from './incidents.service.js';

@Module({
  imports: [DatabaseModule, TenantsModule],
  providers: [IncidentsRepository, IncidentsService, IncidentsResolver, IncidentConnectionResolver],
  exports: [IncidentsRepository, IncidentsService],
})
export class IncidentsModule {}
