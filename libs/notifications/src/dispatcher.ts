import type { Secret } from '#config';
import {
  type AttemptWrite,
  type DispatchDeliveryRow,
  NotificationDispatchRepository,
  type NotificationTargetKind,
} from '#persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { backoffMs } from './backoff.js';
import { firstDueBurst } from './burst.js';
import { advisoryDigest, groupKey } from './digest.js';
import type {
  GlobalStatusPayload,
  IncidentPayload,
  NotificationPayload,
  OutgoingNotification,
  ServiceStatusPayload,
} from './notification-payload.js';
import { quietHoursEnd } from './quiet-hours.js';
import { burstEvent } from './rule-match.js';
import { DeliveryError, type Sender, type TargetSettings, type Thread } from './senders/sender.js';
import { openTargetSecrets } from './target-secrets.js';

/** First key of the per-target advisory lock (the second is a hash of the target's id). */
export const TARGET_LOCK_SPACE = 0x4243_4e40;
/** Deliveries one target gets per round before the others have their turn. */
const PER_TARGET_PER_ROUND = 50;

export interface DispatcherOptions {
  holdSeconds: number;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  timeoutMs: number;
  /** Targets one batch takes: their messages are sent at once. */
  concurrency: number;
  /** TENANT_CREDENTIALS_KEY: opens the targets' sealed secrets (see target-secrets.ts). */
  secretsKey?: Secret | null;
}

/** What one round did, for logs and tests. */
export interface DispatchRound {
  sent: number;
  failed: number;
  dead: number;
  superseded: number;
}

type DeliveryRow = DispatchDeliveryRow<NotificationPayload>;

/** One target's next message in a batch: its deliveries in outbox order, the newest last. */
interface Group {
  targetId: string;
  rows: DeliveryRow[];
}

/** What became of a group, written back in the batch's transaction. */
type Result =
  | { kind: 'deferred'; group: Group; until: Date }
  | { kind: 'flapped'; group: Group }
  | { kind: 'disabled'; group: Group }
  | {
      kind: 'attempted';
      group: Group;
      at: Date;
      error: DeliveryError | null;
      durationMs: number;
      thread: Thread | null;
    };

/**
 * Sends what the outbox owes, in batches: one transaction takes up to `concurrency` targets with something
 * due (each by a transaction-level advisory lock that other processes skip: any number may dispatch), reads
 * their pending deliveries at once, sends each target's next message concurrently, and records every
 * outcome before it commits. Per target, one delivery at a time, in outbox order within each incident (or
 * service); different incidents of one target do not wait on each other's retries. A delivery is sent
 * inside the transaction that marks it sent: a crash mid-batch rolls the marks back and the batch's
 * deliveries are sent again by whoever comes next, with the same idempotency keys. That is what "exactly
 * once" means here: at least once to the target, and once to a receiver that drops a key it already has.
 * A batch commits when its slowest send is done (at most the send timeout).
 *
 * Against flapping, a change waits for the hold time; changes of one incident (or service) within the
 * hold time of each other go as one message, the newest's (a burst becomes one message), the older ones
 * marked superseded (see firstDueBurst). A service status that came back within the burst to what the
 * target was told before sends nothing.
 */
export class Dispatcher {
  private readonly outbox = new NotificationDispatchRepository();

  constructor(
    private readonly dataSource: DataSource,
    private readonly senders: Record<NotificationTargetKind, Sender>,
    private readonly options: DispatcherOptions,
    private readonly random: () => number = Math.random,
  ) {}

  /** One round: batches until no target has anything due that this round has not tried. */
  async dispatchDue(): Promise<DispatchRound> {
    const round: DispatchRound = { sent: 0, failed: 0, dead: 0, superseded: 0 };
    // Targets done for this round: nothing due, failing (likely down: its other incidents wait for the
    // next round), or served their share.
    const done = new Set<string>();
    const served = new Map<string, number>();
    for (;;) {
      const took = await this.dataSource.transaction((manager) =>
        this.dispatchBatch(manager, round, done, served),
      );
      if (!took) return round;
    }
  }

  /** One batch in the caller's transaction; false when it took no target. */
  private async dispatchBatch(
    manager: EntityManager,
    round: DispatchRound,
    done: Set<string>,
    served: Map<string, number>,
  ): Promise<boolean> {
    const targetIds = await this.lockDueTargets(manager, [...done]);
    if (targetIds.length === 0) return false;
    const groups = await this.nextGroups(manager, targetIds);
    for (const targetId of targetIds) if (!groups.some((g) => g.targetId === targetId)) done.add(targetId);
    if (groups.length === 0) return true;

    const targets = await this.targets(manager, targetIds);
    const threads = await this.threads(manager, groups);
    const results = await Promise.all(
      groups.map((group) => this.handle(group, targets.get(group.targetId), threads)),
    );
    await this.record(manager, results);

    for (const result of results) {
      const targetId = result.group.targetId;
      const outcome = this.outcomeOf(result);
      if (outcome !== null) round[outcome]++;
      const count = (served.get(targetId) ?? 0) + 1;
      served.set(targetId, count);
      if (outcome !== 'sent' && outcome !== 'superseded') done.add(targetId);
      if (count >= PER_TARGET_PER_ROUND) done.add(targetId);
    }
    return true;
  }

  /** Up to `concurrency` enabled targets with something due, oldest first, that no one else is sending to. */
  private async lockDueTargets(manager: EntityManager, done: string[]): Promise<string[]> {
    return this.outbox.lockDueTargets(manager, TARGET_LOCK_SPACE, done, this.options.concurrency);
  }

  /** Each locked target's next burst to send (see firstDueBurst), on the database's clock. */
  private async nextGroups(manager: EntityManager, targetIds: string[]): Promise<Group[]> {
    // Only what tells a digest's deliveries (see groupKey) is read of their payloads.
    const pending = await this.outbox.pending<NotificationPayload>(
      manager,
      targetIds,
      this.options.holdSeconds,
    );
    const now = await this.outbox.now(manager);
    const ids = [...Map.groupBy(pending, (row) => row.target_id).values()].flatMap(
      (rows) =>
        firstDueBurst(
          rows.map((row) => ({
            id: row.id,
            orderingKey: groupKey(row),
            digest: groupKey(row) !== row.ordering_key,
            createdAt: row.created_at,
            nextAttemptAt: row.next_attempt_at,
            holdSeconds: row.hold_seconds,
          })),
          now,
        ) ?? [],
    );
    if (ids.length === 0) return [];
    const rows = await this.outbox.deliveries<NotificationPayload>(manager, ids);
    return [...Map.groupBy(rows, (row) => row.target_id)].map(([targetId, group]) => ({
      targetId,
      rows: group,
    }));
  }

  /** Sends a group's message (or holds it for quiet hours, or drops a flap); writes nothing. */
  private async handle(
    group: Group,
    target: TargetSettings | Error | undefined,
    threads: Map<string, Thread>,
  ): Promise<Result> {
    const rows = group.rows;
    const newest = rows.at(-1) as DeliveryRow;
    const oldest = rows[0] as DeliveryRow;
    const quietEnd =
      newest.quiet_from && newest.quiet_until
        ? quietHoursEnd(
            { from: newest.quiet_from, until: newest.quiet_until, timeZone: newest.quiet_time_zone ?? 'UTC' },
            new Date(),
          )
        : null;
    if (quietEnd !== null) return { kind: 'deferred', group, until: quietEnd };
    if (flappedBack(oldest.payload, newest.payload)) return { kind: 'flapped', group };
    // A target disabled meanwhile keeps what it is owed until it is enabled again.
    if (target === undefined) return { kind: 'disabled', group };

    const key = groupKey(newest);
    const notification: OutgoingNotification = {
      deliveryId: newest.id,
      // A digest's key is its target, rule and period; and its newest delivery, so that one that came too
      // late for the period's message (committed after it was sent) goes in a message of its own.
      idempotencyKey:
        key === newest.ordering_key ? newest.idempotency_key : `${group.targetId}:${key}:${newest.id}`,
      event: burstEvent(rows.map((row) => row.event)),
      orderingKey: key,
      payload:
        key === newest.ordering_key
          ? newest.payload
          : advisoryDigest(
              rows.map((row) => ({ event: row.event, payload: row.payload as IncidentPayload })),
            ),
      coalesced: rows.length - 1,
    };
    const started = Date.now();
    let error: DeliveryError | null = null;
    let thread: Thread | null = null;
    try {
      // Secrets that do not open (no key, another key) fail the attempt: retried, then a dead letter to retry.
      if (target instanceof Error) throw new DeliveryError(target.message, null);
      thread = await this.senders[target.kind].send(notification, {
        target,
        thread: threads.get(threadKey(group.targetId, key)) ?? null,
        timeoutMs: this.options.timeoutMs,
      });
    } catch (caught) {
      error =
        caught instanceof DeliveryError ? caught : new DeliveryError(`unexpected: ${describe(caught)}`, null);
    }
    return { kind: 'attempted', group, at: new Date(), error, durationMs: Date.now() - started, thread };
  }

  /** Writes a batch's outcomes: a few statements, whatever its size. */
  private async record(manager: EntityManager, results: Result[]): Promise<void> {
    const older = results.flatMap((result) => {
      const fate = this.fateOfOlder(result);
      const rows = result.kind === 'flapped' ? result.group.rows : result.group.rows.slice(0, -1);
      return fate === null ? [] : rows.map((row) => ({ id: row.id, state: fate }));
    });
    await this.outbox.setStates(manager, older);

    const deferred = results.flatMap((result) =>
      result.kind === 'deferred' ? result.group.rows.map((row) => ({ id: row.id, until: result.until })) : [],
    );
    await this.outbox.defer(manager, deferred);

    const attempts = results.flatMap((result) => (result.kind === 'attempted' ? [this.attempt(result)] : []));
    if (attempts.length === 0) return;
    await this.outbox.recordAttempts(manager, attempts);
    await this.outbox.saveThreads(
      manager,
      attempts.flatMap(({ target_id, ordering_key, thread }) =>
        thread === null ? [] : [{ target_id, ordering_key, ...thread }],
      ),
    );
  }

  /**
   * What becomes of the deliveries a message stood for besides its newest (null: they stay pending). A
   * burst's newest carries its news, sent or retried; a digest is made of all of its deliveries, so they
   * wait with the newest for a retry, and go with it when it is sent or dead.
   */
  private fateOfOlder(result: Result): 'superseded' | 'dead' | null {
    if (result.kind === 'flapped') return 'superseded';
    if (result.kind !== 'attempted') return null;
    const newest = result.group.rows.at(-1) as DeliveryRow;
    if (groupKey(newest) === newest.ordering_key || result.error === null) return 'superseded';
    return this.dead(result) ? 'dead' : null;
  }

  /** A sent or failed message as its newest delivery's row and attempt log (backoff and dead letter). */
  private attempt(
    result: Extract<Result, { kind: 'attempted' }>,
  ): AttemptWrite & { ordering_key: string; thread: Thread | null } {
    const newest = result.group.rows.at(-1) as DeliveryRow;
    const { error, at } = result;
    const attempts = newest.attempts + 1;
    const dead = this.dead(result);
    const retryAt =
      error === null || dead
        ? null
        : new Date(
            at.getTime() +
              (error.retryAfterMs ??
                backoffMs(attempts, this.options.retryBaseMs, this.options.retryMaxMs, this.random())),
          );
    return {
      id: newest.id,
      target_id: result.group.targetId,
      ordering_key: groupKey(newest),
      state: error === null ? 'sent' : dead ? 'dead' : 'pending',
      attempts,
      sent_at: error === null ? at : null,
      retry_at: retryAt,
      at,
      outcome: error === null ? 'sent' : error.status === 429 ? 'throttled' : 'failed',
      status: error?.status ?? null,
      error: error?.message ?? null,
      duration_ms: result.durationMs,
      thread: error === null ? result.thread : null,
    };
  }

  /** How a result counts in the round; null: nothing was sent or dropped (quiet hours, target disabled). */
  private outcomeOf(result: Result): keyof DispatchRound | null {
    if (result.kind === 'flapped') return 'superseded';
    if (result.kind !== 'attempted') return null;
    if (result.error === null) return 'sent';
    return this.dead(result) ? 'dead' : 'failed';
  }

  /** A failure no retry can change, or the last attempt's. */
  private dead({ error, group }: Extract<Result, { kind: 'attempted' }>): boolean {
    const attempts = (group.rows.at(-1) as DeliveryRow).attempts + 1;
    return error !== null && (error.permanent || attempts >= this.options.maxAttempts);
  }

  /** Enabled targets with their secrets opened, or why they do not open. */
  private async targets(
    manager: EntityManager,
    targetIds: string[],
  ): Promise<Map<string, TargetSettings | Error>> {
    const rows: TargetSettings[] = await this.outbox.enabledTargets(manager, targetIds);
    return new Map(rows.map((row) => [row.id, this.opened(row)]));
  }

  private opened(row: TargetSettings): TargetSettings | Error {
    try {
      return { ...row, secrets: openTargetSecrets(row.secrets, this.options.secretsKey ?? null, row.id) };
    } catch (error) {
      return new Error(`the target's secrets do not open: ${describe(error)}`);
    }
  }

  /** The threads (a Slack message, an e-mail's first Message-ID) of the groups' incidents. */
  private async threads(manager: EntityManager, groups: Group[]): Promise<Map<string, Thread>> {
    const keys = groups.map((group) => ({
      target_id: group.targetId,
      ordering_key: groupKey(group.rows.at(-1) as DeliveryRow),
    }));
    const rows = await this.outbox.threads(manager, keys);
    return new Map(
      rows.map((row) => [
        threadKey(row.target_id, row.ordering_key),
        { reference: row.reference, channel: row.channel },
      ]),
    );
  }
}

function threadKey(targetId: string, orderingKey: string): string {
  return `${targetId} ${orderingKey}`;
}

/**
 * No news: a service whose level, within one burst, is back to what the target was told before; an outage
 * episode (degraded mode, a source down) that ended within the burst that began it.
 */
function flappedBack(oldest: NotificationPayload, newest: NotificationPayload): boolean {
  if (oldest.kind === 'degradedMode' && newest.kind === 'degradedMode')
    return oldest.entered && !newest.entered;
  if (oldest.kind === 'sourceHealth' && newest.kind === 'sourceHealth') return oldest.down && !newest.down;
  const statusKinds = ['serviceStatus', 'globalStatus'];
  if (!statusKinds.includes(oldest.kind) || !statusKinds.includes(newest.kind)) return false;
  const before = (oldest as ServiceStatusPayload | GlobalStatusPayload).previous;
  return before !== null && before.level === (newest as ServiceStatusPayload | GlobalStatusPayload).level;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
