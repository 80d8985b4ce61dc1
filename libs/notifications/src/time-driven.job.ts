import { type BeaconConfig, BEACON_CONFIG } from '#config';
import { tryTransactionLock } from '#persistence';
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
import { enqueueOutageNotifications } from './outage.js';

/** Key of the transaction lock of a look: one process looks at a time. */
const TIME_DRIVEN_LOCK = [0x4243_4e41, 1] as const;

/**
 * The notifications that time alone makes owed, which no correlator step announces: degraded mode entered
 * and left, a source down for longer than a rule says and back up. Every NOTIFY_TIME_CHECK_MS, one process
 * (a transaction lock the others skip) looks at the stored instants and writes what is owed to the outbox
 * in the same transaction; the dispatcher sends it. A look that repeats, after a crash or in another
 * process, owes nothing twice (see enqueueOutageNotifications).
 */
@Injectable()
export class TimeDrivenNotificationsJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(TimeDrivenNotificationsJob.name);
  private readonly task = new RepeatingTask({
    round: async () => {
      const owed = await this.look();
      if (owed) this.logger.log({ owed }, 'outage notifications owed');
      return this.config.notifications.timeCheckMs;
    },
    failed: (error) => {
      this.logger.warn({ err: error }, 'outage look failed; trying again');
      return this.config.notifications.timeCheckMs;
    },
  });

  constructor(
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }

  /** One look at `now`: how many deliveries it owed (null: another process was looking). */
  look(now = new Date()): Promise<number | null> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await tryTransactionLock(manager, TIME_DRIVEN_LOCK))) return null;
      return enqueueOutageNotifications(manager, now, {
        staleSeconds: this.config.graph.staleSeconds,
        sourceDownMinuteMs: this.config.notifications.sourceDownMinuteMs,
      });
    });
  }
}
