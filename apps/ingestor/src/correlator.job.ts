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
 * wait for a signal still behind the log's horizon, and the lag's bound while the LISTEN connection is lost.
 */
const IDLE_MS = 200;
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
    round: async () => ((await this.runStep()) ? 0 : IDLE_MS),
    failed: (error) => {
      this.logger.error({ err: error }, 'correlation step failed; retrying');
      return IDLE_MS;
    },
  });
  private everyTenantAt = 0;
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

  /** True when the log may hold more right away. */
  private async runStep(): Promise<boolean> {
    const now = new Date();
    const everyTenant = now.getTime() >= this.everyTenantAt;
    const step = await this.correlator.step(now, everyTenant);
    this.heartbeats?.beat('correlator', STEP_DUE_WITHIN_MS);
    if (everyTenant) this.everyTenantAt = now.getTime() + EVERY_TENANT_MS;
    if (!step) return false;
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
    return step.applied > 0 && step.pending;
  }
}
