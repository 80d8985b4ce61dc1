import { CorrelationModule } from '#correlation';
import { IngestionModule } from '#ingestion';
import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { connectorSetProvider, connectorsProvider } from './connectors.provider.js';
import { CorrelatorJob } from './correlator.job.js';
import { PollScheduler } from './poll.scheduler.js';
import { RetentionJob } from './retention.job.js';

/** Where the pollers of the three channels run, on their schedules, and the correlator that folds their log. */
@Module({
  imports: [ScheduleModule.forRoot(), IngestionModule, CorrelationModule],
  providers: [connectorsProvider, connectorSetProvider, PollScheduler, CorrelatorJob, RetentionJob],
})
export class IngestorModule {}
