import { PollRunEntity } from '../../entities/poll-run.entity.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface PollRunOutcome {
  finishedAt: Date;
  requests: number;
  signalsSeen: number;
  signalsStored: number;
  errorKind?: string;
  error?: string;
}

/** `poll_runs`: a row as a poll starts (so a crash leaves an unfinished run to see), completed as it ends. */
@Injectable()
export class PollRunRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async start(sourceId: number, startedAt: Date): Promise<PollRunEntity> {
    return this.dataSource.manager.save(PollRunEntity, { sourceId, startedAt });
  }

  async finish(run: PollRunEntity, outcome: PollRunOutcome, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).update(PollRunEntity, run.id, {
      finishedAt: outcome.finishedAt,
      durationMs: outcome.finishedAt.getTime() - run.startedAt.getTime(),
      requests: outcome.requests,
      signalsSeen: outcome.signalsSeen,
      signalsStored: outcome.signalsStored,
      errorKind: outcome.errorKind ?? null,
      error: outcome.error ?? null,
    });
  }
}
