import { CorrelationModule } from '#correlation';
import { IngestionModule } from '#ingestion';
import { NotificationDispatchModule } from '#notifications';
import { HistoryRetentionRepository, IncidentReportQueueRepository } from '#persistence';
import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { connectorSetProviders, connectorsProvider } from './connectors.provider.js';
import { CorrelatorJob } from './correlator.job.js';
import { IncidentReportJob } from './incident-report.job.js';
import { PollScheduler } from './poll.scheduler.js';
import { RetentionJob } from './retention.job.js';

/**
 * Where the pollers of the three channels run, on their schedules, the correlator that folds their log,
 * and the dispatcher that sends the notifications it owes.
 */
@Module({
  imports: [ScheduleModule.forRoot(), IngestionModule, CorrelationModule, NotificationDispatchModule],
  providers: [
    connectorsProvider,
    ...connectorSetProviders,
    PollScheduler,
    CorrelatorJob,
    RetentionJob,
    HistoryRetentionRepository,
    IncidentReportJob,
    IncidentReportQueueRepository,
  ],
})
export class IngestorModule {}
