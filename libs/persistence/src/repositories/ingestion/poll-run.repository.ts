import type { PollRunEntity } from '../../entities/poll-run.entity.js';
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

const RUN = `id, source_id AS "sourceId", started_at AS "startedAt", finished_at AS "finishedAt",
  duration_ms AS "durationMs", requests, signals_seen AS "signalsSeen", signals_stored AS "signalsStored",
  error_kind AS "errorKind", error`;

/** `poll_runs`: a row as a poll starts (so a crash leaves an unfinished run to see), completed as it ends. */
@Injectable()
export class PollRunRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The run as stored (committed at once), with its id and defaults. */
  async start(sourceId: number, startedAt: Date): Promise<PollRunEntity> {
    const [run]: PollRunEntity[] = await this.dataSource.query(
      `INSERT INTO poll_runs (source_id, started_at) VALUES ($1, $2) RETURNING ${RUN}`,
      [sourceId, startedAt],
    );
    return run!;
  }

  /** In the poll's transaction when it stored something, else on its own (the caller's manager either way). */
  async finish(
    manager: EntityManager,
    run: Pick<PollRunEntity, 'id' | 'startedAt'>,
    outcome: PollRunOutcome,
  ): Promise<void> {
    await manager.query(
      `UPDATE poll_runs SET finished_at = $2, duration_ms = $3, requests = $4, signals_seen = $5,
         signals_stored = $6, error_kind = $7, error = $8
       WHERE id = $1`,
      [
        run.id,
        outcome.finishedAt,
        outcome.finishedAt.getTime() - run.startedAt.getTime(),
        outcome.requests,
        outcome.signalsSeen,
        outcome.signalsStored,
        outcome.errorKind ?? null,
        outcome.error ?? null,
      ],
    );
  }
}
