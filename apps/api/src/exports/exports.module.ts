import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { StatisticsModule } from '../statistics/statistics.module.js';
import { ExportsController } from './exports.controller.js';
import { ExportsService } from './exports.service.js';
import { IncidentExportRepository } from '#persistence';

/** `GET /export/incidents.{csv,ndjson}` and `/export/statistics.{csv,ndjson}`, streamed. */
@Module({
  imports: [DatabaseModule, IncidentsModule, StatisticsModule],
  controllers: [ExportsController],
  providers: [ExportsService, IncidentExportRepository],
})
export class ExportsModule {}
