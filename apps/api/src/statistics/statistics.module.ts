import { IncidentAnalysisRepository, StatisticsRepository } from '#persistence';
import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { AnalystAccess } from './analyst-access.js';
import { IncidentAnalysisResolver } from './incident-analysis.resolver.js';
import { StatisticsResolver } from './statistics.resolver.js';
import { StatisticsService } from './statistics.service.js';

/** What analysts ask of the history: `incidentStatistics` and `Incident.analysis`. */
@Module({
  imports: [DatabaseModule, AuthModule, IncidentsModule],
  providers: [
    AnalystAccess,
    StatisticsRepository,
    StatisticsService,
    StatisticsResolver,
    IncidentAnalysisRepository,
    IncidentAnalysisResolver,
  ],
  exports: [AnalystAccess, StatisticsService],
})
export class StatisticsModule {}
