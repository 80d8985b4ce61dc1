import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { IncidentReportController } from './incident-report.controller.js';
import { IncidentReportsRepository } from '#persistence';
import { PostIncidentReviewResolver } from './post-incident-review.resolver.js';

/** Post-incident reviews: `Incident.postIncidentReview` and the download at `/incidents/{id}/report`. */
@Module({
  imports: [DatabaseModule, AuthModule, IncidentsModule],
  controllers: [IncidentReportController],
  providers: [IncidentReportsRepository, PostIncidentReviewResolver],
})
export class IncidentReportsModule {}
