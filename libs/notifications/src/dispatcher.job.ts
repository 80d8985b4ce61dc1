import { type BeaconConfig, BEACON_CONFIG } from '#config';
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
 * Runs the dispatcher in this process: a round, then the next after NOTIFY_POLL_MS (at once while rounds
 * find work). Rounds never overlap in this process; across processes, each target has one sender at a time.
 */
@Injectable()
export class NotificationDispatcherJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(NotificationDispatcherJob.name);
  private readonly dispatcher: Dispatcher;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
    @InjectDataSource() dataSource: DataSource,
  ) {
    const options = config.notifications;
    this.dispatcher = new Dispatcher(dataSource, createSenders(options), {
      ...options,
      timeoutMs: options.timeoutSeconds * 1000,
    });
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.running = this.round().then((busy) => this.schedule(busy ? 0 : this.config.notifications.pollMs));
    }, delayMs);
  }

  /** True when the round did something (more may be due at once). */
  private async round(): Promise<boolean> {
    try {
      const round = await this.dispatcher.dispatchDue();
      const done = round.sent + round.failed + round.dead + round.superseded;
      if (round.dead > 0) this.logger.warn(round, 'notifications dead-lettered');
      else if (done > 0) this.logger.debug(round, 'notifications dispatched');
      return round.sent + round.superseded > 0;
    } catch (error) {
      this.logger.error({ err: error }, 'notification round failed; retrying');
      return false;
    }
  }
}
