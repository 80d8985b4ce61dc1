import { type BeaconConfig, BEACON_CONFIG } from '#config';
import type { Connector } from '#connectors';
import type { Channel } from '#domain';
import { PollRunner, SourceLock, SourceRepository } from '#ingestion';
import { Heartbeats } from '#runtime';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CONNECTORS } from './connectors.provider.js';

/** How often each source checks whether it is due; poll intervals are whole seconds, 1 s at least. */
const TICK_MS = 1000;
/** On shutdown, polls in flight get this long to finish; then they are aborted (and store nothing). */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * One schedule per source (a channel, and for Graph a tenant). A tick only hands work on: it skips while
 * the source's previous poll runs or its next attempt isn't due, and polls only sources whose lock this
 * process holds; a poll in flight when its lock is lost is aborted. Failures stay inside the source they
 * happened to.
 */
@Injectable()
export class PollScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PollScheduler.name);
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly dueAt = new Map<string, number>();
  private readonly shutdown = new AbortController();

  constructor(
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
    @Inject(CONNECTORS) private readonly connectors: Connector[],
    private readonly registry: SchedulerRegistry,
    private readonly runner: PollRunner,
    private readonly locks: SourceLock,
    private readonly sources: SourceRepository,
    // Readiness: a round done (polled, or found not due or owned elsewhere); absent in bare test modules.
    @Optional() private readonly heartbeats?: Heartbeats,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const configured = this.connectors.map(({ channel, tenantId }) => ({ channel, tenantId }));
    const disabled = (['GRAPH', 'STATUS_SITE', 'X'] as const)
      .filter((channel) => !configured.some((source) => source.channel === channel))
      .map((channel) => ({ channel, tenantId: null }));
    const tenants = this.config.graph.tenants.map(({ id, displayName }) => ({ id, displayName }));
    await this.sources.register(tenants, configured, disabled);

    for (const connector of this.connectors) {
      const name = sourceName(connector);
      this.registry.addInterval(
        name,
        setInterval(() => this.tick(connector), TICK_MS),
      );
      this.promiseNextRound(this.intervalSeconds(connector.channel) * 1000); // a first round that never ends
      this.tick(connector);
    }
    this.logger.log({ sources: this.connectors.map(sourceName) }, 'polling scheduled');
  }

  /** Stops scheduling, then lets the polls in flight finish, aborting those that take too long. */
  async beforeApplicationShutdown(): Promise<void> {
    for (const connector of this.connectors) this.registry.deleteInterval(sourceName(connector));
    const abort = setTimeout(() => this.shutdown.abort(), SHUTDOWN_GRACE_MS);
    await Promise.allSettled(this.inFlight.values());
    clearTimeout(abort);
  }

  private tick(connector: Connector): void {
    const name = sourceName(connector);
    if (this.inFlight.has(name) || (this.dueAt.get(name) ?? 0) > Date.now()) return;
    const intervalMs = this.intervalSeconds(connector.channel) * 1000;
    const poll = this.pollIfOwned(connector, intervalMs)
      .then(() => this.promiseNextRound(intervalMs))
      .catch((error: unknown) => {
        this.dueAt.set(name, Date.now() + intervalMs);
        this.logger.error({ source: name, error: String(error) }, 'could not schedule a poll');
      })
      .finally(() => this.inFlight.delete(name));
    this.inFlight.set(name, poll);
  }

  private async pollIfOwned(connector: Connector, intervalMs: number): Promise<void> {
    const name = sourceName(connector);
    const source = await this.sources.get(connector);
    const lock = await this.locks.acquire(source.id);
    if (lock === null) {
      // Another process polls it; look again in an interval, to take over if that process is gone.
      this.dueAt.set(name, Date.now() + intervalMs);
      return;
    }
    if (source.nextAttemptAt && source.nextAttemptAt.getTime() > Date.now()) {
      this.dueAt.set(name, source.nextAttemptAt.getTime());
      return;
    }
    // A lost lock stops the poll as shutdown does: another process may be taking the source over.
    const after = await this.runner.run(connector, {
      intervalMs,
      timeoutMs: this.config.pollTimeoutSeconds * 1000,
      shutdown: AbortSignal.any([this.shutdown.signal, lock]),
    });
    this.dueAt.set(name, after.nextAttemptAt?.getTime() ?? Date.now() + intervalMs);
  }

  /** Readiness: the next round of a source is due within three intervals and a poll's time-out. */
  private promiseNextRound(intervalMs: number): void {
    this.heartbeats?.beat('poll', 3 * intervalMs + this.config.pollTimeoutSeconds * 1000);
  }

  private intervalSeconds(channel: Channel): number {
    const { graph, statusSite, x } = this.config;
    return { GRAPH: graph.pollSeconds, STATUS_SITE: statusSite.pollSeconds, X: x.pollSeconds }[channel];
  }
}

function sourceName({ channel, tenantId }: Connector): string {
  return tenantId === null ? `poll:${channel}` : `poll:${channel}:${tenantId}`;
}
