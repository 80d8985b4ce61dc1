import { type BeaconConfig, BEACON_CONFIG } from '#config';
import { DELIVERIES_CHANNEL } from '#persistence';
import { ChannelListener, RepeatingTask } from '#runtime';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Dispatcher } from './dispatcher.js';
import { createSenders } from './senders/senders.js';

/**
 * Runs the dispatcher in this process: a round, then the next after NOTIFY_POLL_MS, or at once while rounds
 * find work or when deliveries are owed (the outbox's NOTIFY; one heard during a round starts the next when
 * it ends). Rounds never overlap in this process; across processes, each target has one sender at a time.
 */
@Injectable()
export class NotificationDispatcherJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(NotificationDispatcherJob.name);
  private readonly dispatcher: Dispatcher;
  private readonly listener: ChannelListener;
  private readonly task = new RepeatingTask({
    round: async () => ((await this.round()) ? 0 : this.config.notifications.pollMs),
    failed: (error) => {
      this.logger.error({ err: error }, 'notification round failed; retrying');
      return this.config.notifications.pollMs;
    },
  });

  constructor(
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
    @InjectDataSource() dataSource: DataSource,
  ) {
    const options = config.notifications;
    this.dispatcher = new Dispatcher(dataSource, createSenders(options), {
      ...options,
      timeoutMs: options.timeoutSeconds * 1000,
      secretsKey: config.tenantCredentialsKey,
    });
    const { url } = dataSource.options as { url: string };
    this.listener = new ChannelListener(url, DELIVERIES_CHANNEL, () => this.task.wake());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listener.start();
    this.task.start(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task.stop();
    await this.listener.stop();
  }

  /** True when the round did something (more may be due at once). */
  private async round(): Promise<boolean> {
    const round = await this.dispatcher.dispatchDue();
    const done = round.sent + round.failed + round.dead + round.superseded;
    if (round.dead > 0) this.logger.warn(round, 'notifications dead-lettered');
    else if (done > 0) this.logger.debug(round, 'notifications dispatched');
    return round.sent + round.superseded > 0;
  }
}
