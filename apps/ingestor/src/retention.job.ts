import { type BeaconConfig, BEACON_CONFIG } from '#config';
import { HistoryRetentionRepository, tryTransactionLock } from '#persistence';
import { RepeatingTask } from '#runtime';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

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
    private readonly history: HistoryRetentionRepository,
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
      (manager, before) => this.history.deletePollRuns(manager, before, RETENTION_BATCH),
      new Date(now.getTime() - pollRunsDays * DAY_MS),
    );
    const statusChanges = await this.inBatches(
      (manager, before) => this.history.deleteStatusChanges(manager, before, RETENTION_BATCH),
      new Date(now.getTime() - statusChangesDays * DAY_MS),
    );
    return { pollRuns, statusChanges };
  }

  /** Deletes batches until one deletes less than a full one, or another ingestor holds the lock. */
  private async inBatches(
    deleteBatch: (manager: EntityManager, before: Date) => Promise<number>,
    before: Date,
  ): Promise<number> {
    let total = 0;
    while (!this.task.stopped) {
      const deleted = await this.dataSource.transaction(async (manager) => {
        if (!(await tryTransactionLock(manager, RETENTION_LOCK))) return null;
        return deleteBatch(manager, before);
      });
      if (deleted === null) break;
      total += deleted;
      if (deleted < RETENTION_BATCH) break;
    }
    return total;
  }
}
