import { Correlator } from '#correlation';
import { SIGNALS_CHANNEL } from '#persistence';
import { ChannelListener, Heartbeats, RepeatingTask } from '#runtime';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/**
 * Pause when the log is caught up, unless a poll's commit wakes the job first (SIGNALS_CHANNEL); also the
 * lag's bound while the LISTEN connection is lost.
 */
const IDLE_MS = 200;
/**
 * A signal stored but still behind the log's horizon waits for older transactions to end, and their end
 * announces nothing (a poll that stored nothing new): look again this soon, then twice as late each time
 * it is still held, up to IDLE_MS (a transaction left open holds the log back without a busy loop).
 */
const HORIZON_RETRY_MS = 10;
/** Time alone changes statuses (Graph goes stale without any signal): every tenant, this often. */
const EVERY_TENANT_MS = 5000;
/** Readiness: a step (or learning that another process has the correlator's turn) at least this often. */
const STEP_DUE_WITHIN_MS = 60_000;

/**
 * Runs the correlator in this process: a step, then the next as soon as the log has more or a poll
 * committed signals, else after a short pause. Steps never overlap, in this process or (by the
 * correlator's lock) across processes.
 */
@Injectable()
export class CorrelatorJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(CorrelatorJob.name);
  private readonly task = new RepeatingTask({
    round: () => this.runStep(),
    failed: (error) => {
      this.logger.error({ err: error }, 'correlation step failed; retrying');
      return IDLE_MS;
    },
  });
  private everyTenantAt = 0;
  private horizonRetryMs = HORIZON_RETRY_MS;
  private readonly listener: ChannelListener;

  constructor(
    private readonly correlator: Correlator,
    @InjectDataSource() dataSource: DataSource,
    @Optional() private readonly heartbeats?: Heartbeats,
  ) {
    const { url } = dataSource.options as { url: string };
    this.listener = new ChannelListener(url, SIGNALS_CHANNEL, () => this.task.wake());
  }

  async onApplicationBootstrap(): Promise<void> {
    this.heartbeats?.beat('correlator', STEP_DUE_WITHIN_MS);
    await this.listener.start();
    this.task.start(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task.stop();
    await this.listener.stop();
  }

  /** A step; resolves to the pause before the next. */
  private async runStep(): Promise<number> {
    const now = new Date();
    const everyTenant = now.getTime() >= this.everyTenantAt;
    const step = await this.correlator.step(now, everyTenant);
    this.heartbeats?.beat('correlator', STEP_DUE_WITHIN_MS);
    if (everyTenant) this.everyTenantAt = now.getTime() + EVERY_TENANT_MS;
    if (!step) return IDLE_MS;
    if (step.applied > 0 || step.serviceStatusChanges.length > 0) {
      this.logger.debug(
        {
          signals: step.applied,
          incidents: step.incidentIds.length,
          statuses: step.serviceStatusChanges.length,
        },
        'correlated',
      );
    }
    const held = step.pending && step.applied === 0;
    const wait = held ? this.horizonRetryMs : step.pending ? 0 : IDLE_MS;
    this.horizonRetryMs = held ? Math.min(IDLE_MS, wait * 2) : HORIZON_RETRY_MS;
    return wait;
  }
}
