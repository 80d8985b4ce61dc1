import { Module } from '@nestjs/common';
import { IngestionMetrics } from './ingestion.metrics.js';
import { PollRunRepository } from './poll-run.repository.js';
import { PollSummaryJob } from './poll-summary.job.js';
import { PollRunner } from './poll.runner.js';
import { SourceRepository } from './source.repository.js';
import { SourceLock } from './source.lock.js';

@Module({
  providers: [IngestionMetrics, PollRunRepository, PollRunner, PollSummaryJob, SourceLock, SourceRepository],
  exports: [PollRunner, SourceLock, SourceRepository],
})
export class IngestionModule {}
