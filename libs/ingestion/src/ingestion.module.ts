import { GraphPacerRegistry, systemClock } from '#connectors';
import {
  IngestorMembersRepository,
  PollRunRepository,
  RequestBudgetsRepository,
  SourceRepository,
} from '#persistence';
import { Module } from '@nestjs/common';
import { IngestionMetrics } from './ingestion.metrics.js';
import { PollSummaryJob } from './poll-summary.job.js';
import { PollRunner } from './poll.runner.js';
import { SourceLock } from './source.lock.js';
import { IngestorMembership } from './ingestor.membership.js';
import { RequestBudgetLedger } from './request-budget.ledger.js';

@Module({
  providers: [
    IngestionMetrics,
    IngestorMembership,
    IngestorMembersRepository,
    PollRunRepository,
    PollRunner,
    PollSummaryJob,
    RequestBudgetLedger,
    RequestBudgetsRepository,
    // Graph's budgets are kept in the database: every ingestor process spends a tenant's from one ledger.
    {
      provide: GraphPacerRegistry,
      inject: [RequestBudgetLedger],
      useFactory: (ledger: RequestBudgetLedger) => new GraphPacerRegistry(systemClock, ledger),
    },
    SourceLock,
    SourceRepository,
  ],
  exports: [
    GraphPacerRegistry,
    IngestorMembership,
    PollRunner,
    RequestBudgetLedger,
    SourceLock,
    SourceRepository,
  ],
})
export class IngestionModule {}
