import { CorrelationModule } from '#correlation';
import { IngestionModule } from '#ingestion';
import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { connectorsProvider } from './connectors.provider.js';
import { PollScheduler } from './poll.scheduler.js';
import { StatusRefreshJob } from './status-refresh.job.js';

/** Where the pollers of the three channels run, on their schedules. */
@Module({
  imports: [ScheduleModule.forRoot(), IngestionModule, CorrelationModule],
  providers: [connectorsProvider, PollScheduler, StatusRefreshJob],
})
export class IngestorModule {}
