import { type BeaconConfig, BEACON_CONFIG } from '#config';
import { RepeatingTask } from '#runtime';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** The first run waits out start-up; then once an hour, counted from the end of the previous run. */
const FIRST_RUN_MS = 60_000;
const EVERY_MS = 3600_000;
/** Rows deleted per statement: short transactions, so that polls and the API never wait long on one. */
export const RETENTION_BATCH = 5000;
/** Key of the transaction lock a batch takes: one ingestor prunes at a time. */
const RETENTION_LOCK = [0x4243_4e35, 1] as const;
const DAY_MS = 86_400_000;

export interface Pruned {
  pollRuns: number;
  statusChanges: number;
}

/**
 * Keeps `poll_runs` and `service_status_changes` from growing without end (raw signals are the audit
 * trail and are kept). Poll runs older than POLL_RUNS_RETENTION_DAYS go; status changes older than
 * STATUS_HISTORY_RETENTION_DAYS go too, except the last one of each tenant and service before that
 * limit, which still says what the status was when the kept history begins. Deletes in bounded batches;
 * runs never overlap in this process, and a batch skips (ending the run) while another ingestor prunes.
 */
@Injectable()
export class RetentionJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RetentionJob.name);
  private readonly task = new RepeatingTask({
    round: async () => {
      const pruned = await this.prune();
      if (pruned.pollRuns + pruned.statusChanges > 0) this.logger.log(pruned, 'pruned old history');
      return EVERY_MS;
    },
    failed: (error) => {
      this.logger.warn({ err: error }, 'pruning failed; trying again later');
      return EVERY_MS;
    },
    unref: true,
  });
  private running: Promise<Pruned> | null = null;

  constructor(
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(FIRST_RUN_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task.stop();
    await this.running;
  }

  /** Prunes everything past retention at `now`; what it deleted. Concurrent calls share one run. */
  prune(now = new Date()): Promise<Pruned> {
    const run = this.running ?? this.pruneAll(now);
    this.running = run;
    return run.finally(() => {
      if (this.running === run) this.running = null;
    });
  }

  private async pruneAll(now: Date): Promise<Pruned> {
    const { pollRunsDays, statusChangesDays } = this.config.retention;
    const pollRuns = await this.inBatches(
      `DELETE FROM poll_runs WHERE id IN (
         SELECT id FROM poll_runs WHERE started_at < $1 ORDER BY started_at LIMIT $2)`,
      new Date(now.getTime() - pollRunsDays * DAY_MS),
    );
    const statusChanges = await this.inBatches(
      `DELETE FROM service_status_changes WHERE id IN (
         SELECT c.id FROM service_status_changes c
         WHERE c.changed_at < $1 AND EXISTS (
           SELECT 1 FROM service_status_changes later
           WHERE later.tenant_id = c.tenant_id AND later.service_id = c.service_id
             AND later.changed_at <= $1 AND (later.changed_at, later.id) > (c.changed_at, c.id))
         ORDER BY c.changed_at LIMIT $2)`,
      new Date(now.getTime() - statusChangesDays * DAY_MS),
    );
    return { pollRuns, statusChanges };
  }

  /** Runs `statement` until a batch deletes less than a full one, or another ingestor holds the lock. */
  private async inBatches(statement: string, before: Date): Promise<number> {
    let total = 0;
    while (!this.task.stopped) {
      const deleted = await this.dataSource.transaction(async (manager) => {
        const [lock] = await manager.query('SELECT pg_try_advisory_xact_lock($1, $2) AS taken', [
          ...RETENTION_LOCK,
        ]);
        if (!(lock as { taken: boolean }).taken) return null;
        const [, count] = (await manager.query(statement, [before, RETENTION_BATCH])) as [unknown, number];
        return count;
      });
      if (deleted === null) break;
      total += deleted;
      if (deleted < RETENTION_BATCH) break;
    }
    return total;
  }
}
