import { type BeaconConfig, BEACON_CONFIG } from '#config';
import type { Connector } from '#connectors';
import type { Channel } from '#domain';
import { SourceRepository } from '#persistence';
import { fairShare, IngestorMembership, PollRunner, SourceLock } from '#ingestion';
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
import { CONNECTOR_SET, type ConnectorSet } from './connectors.provider.js';

/** How often due sources are looked for; poll intervals are whole seconds, 1 s at least. */
const TICK_MS = 1000;
/** On shutdown, polls in flight get this long to finish; then they are aborted (and store nothing). */
const SHUTDOWN_GRACE_MS = 10_000;
/**
 * Polls in flight at once in one process: a first import of a thousand tenants holds this many answers in
 * memory, not a thousand, and leaves the write pool room for the correlator.
 */
const MAX_POLLS_IN_FLIGHT = 8;
/**
 * Members beat (and shares are recomputed) this often: a tenth of the shortest interval, within bounds. A
 * frozen member's sources are held again after its silence (STALE_AFTER_BEATS), a beat of another member
 * to strike it off and one to take them: half an interval, leaving the other half for a loaded machine (a
 * sixth left 1/6, and CI once took 3.5 s of a 3 s interval).
 */
const beatEveryMs = (shortestIntervalMs: number) => Math.min(5000, Math.max(250, shortestIntervalMs / 10));
/** A member silent for this many beats is frozen, struck off, and its sources are taken over. */
const STALE_AFTER_BEATS = 3;

/**
 * Polls this process's fair share of the sources. Every beat, it takes the living ingestor processes from
 * IngestorMembership, and holds the advisory locks of its share of the sources (equal shares; SourceLock):
 * it gives back, between their polls, the sources it holds beyond its share (a process joined) and takes
 * free ones up to it (a process left, died or froze). A tick polls the held sources that are due, most
 * overdue first, at most MAX_POLLS_IN_FLIGHT at a time; a poll in flight when its lock is lost is aborted.
 * The sources are read each beat from the connectors (the set may change at run time). Failures stay
 * inside the source they happened to.
 */
@Injectable()
export class PollScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PollScheduler.name);
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly dueAt = new Map<string, number>();
  /** Source ids by source name (ids never change). */
  private readonly sourceIds = new Map<string, number>();
  private readonly shutdown = new AbortController();
  private rebalancing: Promise<void> | null = null;
  private lastBeatAt = 0;
  private stopWatching: () => void = () => undefined;

  constructor(
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
    @Inject(CONNECTOR_SET) private readonly connectors: ConnectorSet,
    private readonly registry: SchedulerRegistry,
    private readonly runner: PollRunner,
    private readonly locks: SourceLock,
    private readonly membership: IngestorMembership,
    private readonly sources: SourceRepository,
    // Readiness: a round done (polled, or found not due or owned elsewhere); absent in bare test modules.
    @Optional() private readonly heartbeats?: Heartbeats,
  ) {}

  /** The connector set has registered its sources (ConnectorSet): polling starts. */
  onApplicationBootstrap(): void {
    // A changed set is shared out at once, not at the next beat.
    this.stopWatching = this.connectors.onChange(() => (this.lastBeatAt = 0));
    this.registry.addInterval(
      'poll',
      setInterval(() => this.tick(), TICK_MS),
    );
    this.promiseNextRound(this.longestIntervalMs()); // a first round that never ends
    this.tick();
    this.logger.log({ member: this.membership.id, sources: this.current().length }, 'polling scheduled');
  }

  /** Stops scheduling, lets the polls in flight finish (aborting those that take too long), then leaves. */
  async beforeApplicationShutdown(): Promise<void> {
    this.registry.deleteInterval('poll');
    this.stopWatching();
    const abort = setTimeout(() => this.shutdown.abort(), SHUTDOWN_GRACE_MS);
    await Promise.allSettled([...this.inFlight.values(), this.rebalancing]);
    clearTimeout(abort);
    this.shutdown.abort();
    await this.membership.leave().catch(() => undefined);
  }

  /** The sources to poll now: the connectors' current set. */
  private current(): readonly Connector[] {
    return this.connectors.current();
  }

  private tick(): void {
    if (this.shutdown.signal.aborted) return;
    if (this.rebalancing === null && Date.now() - this.lastBeatAt >= this.beatMs()) {
      this.lastBeatAt = Date.now();
      this.rebalancing = this.rebalance()
        .catch((error: unknown) => this.logger.warn({ error: String(error) }, 'could not share the sources'))
        .finally(() => (this.rebalancing = null));
    }
    this.startDuePolls();
  }

  /** Starts the held sources' due polls, most overdue first, up to MAX_POLLS_IN_FLIGHT. */
  private startDuePolls(): void {
    if (this.shutdown.signal.aborted) return;
    const now = Date.now();
    const due = this.current()
      .map((connector) => ({ connector, name: sourceName(connector) }))
      .filter(({ name }) => {
        const id = this.sourceIds.get(name);
        return id !== undefined && this.locks.holds(id) && !this.inFlight.has(name);
      })
      .map((source) => ({ ...source, dueAt: this.dueAt.get(source.name) ?? 0 }))
      .filter((source) => source.dueAt <= now)
      .sort((a, b) => a.dueAt - b.dueAt);
    for (const { connector, name } of due.slice(0, MAX_POLLS_IN_FLIGHT - this.inFlight.size)) {
      const intervalMs = this.intervalSeconds(connector.channel) * 1000;
      const poll = this.pollHeld(connector, intervalMs)
        .then(() => this.promiseNextRound(intervalMs))
        .catch((error: unknown) => {
          this.dueAt.set(name, Date.now() + intervalMs);
          this.logger.error({ source: name, error: String(error) }, 'could not schedule a poll');
        })
        .finally(() => {
          this.inFlight.delete(name);
          this.startDuePolls();
        });
      this.inFlight.set(name, poll);
    }
  }

  private async pollHeld(connector: Connector, intervalMs: number): Promise<void> {
    const name = sourceName(connector);
    const source = await this.sources.get(connector);
    const lock = await this.locks.acquire(source.id);
    if (lock === null) return; // lost since the tick: the next beat settles who polls it
    if (source.nextAttemptAt && source.nextAttemptAt.getTime() > Date.now()) {
      this.dueAt.set(name, source.nextAttemptAt.getTime()); // polled lately, maybe by another process
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

  /**
   * Beats, then holds this process's share of the current sources: gives back what it holds beyond it
   * (those due last, never one in flight) and takes free sources up to it.
   */
  private async rebalance(): Promise<void> {
    const ids = await this.currentSourceIds();
    const members = await this.membership.beat(STALE_AFTER_BEATS * this.beatMs());
    const share = fairShare(members, this.membership.id, ids.size);
    const idle = (id: number) => !this.inFlight.has(ids.get(id) ?? '');
    const held = this.locks.heldSources();
    const gone = held.filter((id) => !ids.has(id) && idle(id)); // no longer configured
    const kept = held.filter((id) => ids.has(id));
    const excess = kept
      .filter(idle)
      .sort((a, b) => this.dueOf(ids, b) - this.dueOf(ids, a))
      .slice(0, Math.max(0, kept.length - share));
    for (const id of [...gone, ...excess]) {
      await this.locks.giveBack(id);
      this.dueAt.delete(ids.get(id) ?? '');
    }
    let holding = kept.length - excess.length;
    if (holding < share) {
      const locked = await this.locks.lockedSources();
      for (const id of shuffled([...ids.keys()].filter((id) => !locked.has(id)))) {
        if (holding >= share) break;
        if ((await this.locks.acquire(id)) !== null) holding++;
      }
    }
    // A process with nothing to poll has done its round: the others poll the sources.
    if (holding === 0) this.promiseNextRound(this.longestIntervalMs());
    this.startDuePolls();
  }

  /** The current sources' names by id; a source not registered yet is left for a later beat. */
  private async currentSourceIds(): Promise<Map<number, string>> {
    const ids = new Map<number, string>();
    for (const connector of this.current()) {
      const name = sourceName(connector);
      let id = this.sourceIds.get(name);
      if (id === undefined) {
        id = (await this.sources.find(connector))?.id;
        if (id !== undefined) this.sourceIds.set(name, id);
      }
      if (id !== undefined) ids.set(id, name);
    }
    return ids;
  }

  private dueOf(ids: Map<number, string>, id: number): number {
    return this.dueAt.get(ids.get(id) ?? '') ?? 0;
  }

  /** Readiness: the next round of a source is due within three intervals and a poll's time-out. */
  private promiseNextRound(intervalMs: number): void {
    this.heartbeats?.beat('poll', 3 * intervalMs + this.config.pollTimeoutSeconds * 1000);
  }

  private longestIntervalMs(): number {
    const channels = this.current().map((connector) => this.intervalSeconds(connector.channel));
    return Math.max(1, ...channels) * 1000;
  }

  private beatMs(): number {
    const { graph, statusSite, x } = this.config;
    return beatEveryMs(Math.min(graph.pollSeconds, statusSite.pollSeconds, x.pollSeconds) * 1000);
  }

  private intervalSeconds(channel: Channel): number {
    const { graph, statusSite, x } = this.config;
    return { GRAPH: graph.pollSeconds, STATUS_SITE: statusSite.pollSeconds, X: x.pollSeconds }[channel];
  }
}

function sourceName({ channel, tenantId }: Connector): string {
  return tenantId === null ? `poll:${channel}` : `poll:${channel}:${tenantId}`;
}

/** Processes short of their share try free sources in different orders, so that they rarely collide. */
function shuffled<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
