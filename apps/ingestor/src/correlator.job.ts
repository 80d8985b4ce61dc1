import { Correlator } from '#correlation';
import { Heartbeats } from '#runtime';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';

/** Pause when the log is caught up: the lag between a poll's commit and its state, at most this much more. */
const IDLE_MS = 200;
/** Time alone changes statuses (Graph goes stale without any signal): every tenant, this often. */
const EVERY_TENANT_MS = 5000;
/** Readiness: a step (or learning that another process has the correlator's turn) at least this often. */
const STEP_DUE_WITHIN_MS = 60_000;

/**
 * Runs the correlator in this process: a step, then the next as soon as the log has more, else after a
 * short pause. Steps never overlap, in this process or (by the correlator's lock) across processes.
 */
@Injectable()
export class CorrelatorJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(CorrelatorJob.name);
  private running: Promise<void> | null = null;
  private stopping = false;
  private timer: NodeJS.Timeout | null = null;
  private everyTenantAt = 0;

  constructor(
    private readonly correlator: Correlator,
    @Optional() private readonly heartbeats?: Heartbeats,
  ) {}

  onApplicationBootstrap(): void {
    this.heartbeats?.beat('correlator', STEP_DUE_WITHIN_MS);
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
      this.running = this.runStep().then((more) => this.schedule(more ? 0 : IDLE_MS));
    }, delayMs);
  }

  /** True when the log may hold more right away. */
  private async runStep(): Promise<boolean> {
    const now = new Date();
    const everyTenant = now.getTime() >= this.everyTenantAt;
    try {
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
    } catch (error) {
      this.logger.error({ err: error }, 'correlation step failed; retrying');
      return false;
    }
  }
}
