import type { NotificationEvent, NotificationTargetKind } from '#persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { backoffMs } from './backoff.js';
import { firstDueBurst } from './burst.js';
import type {
  NotificationPayload,
  OutgoingNotification,
  ServiceStatusPayload,
} from './notification-payload.js';
import { quietHoursEnd } from './quiet-hours.js';
import { burstEvent } from './rule-match.js';
import { DeliveryError, type Sender, type TargetSettings, type Thread } from './senders/sender.js';

/** First key of the per-target advisory lock (the second is a hash of the target's id). */
const TARGET_LOCK_SPACE = 0x4243_4e40;
/** Deliveries one target gets per round before the others have their turn. */
const PER_TARGET_PER_ROUND = 50;

export interface DispatcherOptions {
  holdSeconds: number;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  timeoutMs: number;
  concurrency: number;
}

/** What one round did, for logs and tests. */
export interface DispatchRound {
  sent: number;
  failed: number;
  dead: number;
  superseded: number;
}

interface DeliveryRow {
  id: string;
  idempotency_key: string;
  event: NotificationEvent;
  ordering_key: string;
  payload: NotificationPayload;
  attempts: number;
  quiet_from: string | null;
  quiet_until: string | null;
  quiet_time_zone: string | null;
}

type Outcome = 'sent' | 'failed' | 'dead' | 'superseded' | 'deferred';

/**
 * Sends what the outbox owes. Per target, one delivery at a time (a transaction-level advisory lock: any
 * number of processes may dispatch), in outbox order within each incident (or service); different incidents
 * of one target do not wait on each other's retries. A delivery is sent inside the transaction that marks
 * it sent: a crash mid-send rolls the mark back and the delivery is sent again by whoever comes next, with
 * the same idempotency key. That is what "exactly once" means here: at least once to the target, and once
 * to a receiver that drops a key it already has.
 *
 * Against flapping, a change waits for the hold time; changes of one incident (or service) within the
 * hold time of each other go as one message, the newest's (a burst becomes one message), the older ones
 * marked superseded (see firstDueBurst). A service status that came back within the burst to what the
 * target was told before sends nothing.
 */
export class Dispatcher {
  constructor(
    private readonly dataSource: DataSource,
    private readonly senders: Record<NotificationTargetKind, Sender>,
    private readonly options: DispatcherOptions,
    private readonly random: () => number = Math.random,
  ) {}

  /** One round: every target with something due, `concurrency` targets at a time. */
  async dispatchDue(): Promise<DispatchRound> {
    const targets: Array<{ target_id: string }> = await this.dataSource.query(
      `SELECT DISTINCT d.target_id FROM notification_deliveries d
       JOIN notification_targets t ON t.id = d.target_id AND t.enabled
       WHERE d.state = 'pending' AND d.next_attempt_at <= clock_timestamp()`,
    );
    const round: DispatchRound = { sent: 0, failed: 0, dead: 0, superseded: 0 };
    const queue = targets.map((t) => t.target_id);
    const worker = async () => {
      for (let target = queue.shift(); target !== undefined; target = queue.shift()) {
        await this.dispatchTarget(target, round);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, queue.length) }, worker));
    return round;
  }

  private async dispatchTarget(targetId: string, round: DispatchRound): Promise<void> {
    for (let sent = 0; sent < PER_TARGET_PER_ROUND; sent++) {
      const outcome = await this.dataSource.transaction((manager) => this.dispatchNext(manager, targetId));
      if (outcome === null) return;
      if (outcome !== 'deferred') round[outcome === 'superseded' ? 'superseded' : outcome]++;
      // A target that fails now is likely down: its other incidents wait for the next round.
      if (outcome === 'failed' || outcome === 'dead') return;
    }
  }

  /** Sends the target's next due group, in the caller's transaction; null: nothing due (or not our turn). */
  private async dispatchNext(manager: EntityManager, targetId: string): Promise<Outcome | null> {
    const [lock] = await manager.query('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS taken', [
      TARGET_LOCK_SPACE,
      targetId,
    ]);
    if (!(lock as { taken: boolean }).taken) return null;
    const ids = await this.nextGroup(manager, targetId);
    if (ids === null) return null;
    const rows: DeliveryRow[] = await manager.query(
      `SELECT d.id, d.idempotency_key, d.event, d.ordering_key, d.payload, d.attempts,
              r.quiet_from, r.quiet_until, r.quiet_time_zone
       FROM notification_deliveries d LEFT JOIN notification_rules r ON r.id = d.rule_id
       WHERE d.id = ANY($1::bigint[])
       ORDER BY d.id`,
      [ids],
    );
    const newest = rows.at(-1);
    const oldest = rows[0];
    if (newest === undefined || oldest === undefined) return null;
    const older = rows.slice(0, -1).map((row) => row.id);

    const now = new Date();
    const quietEnd =
      newest.quiet_from && newest.quiet_until
        ? quietHoursEnd(
            { from: newest.quiet_from, until: newest.quiet_until, timeZone: newest.quiet_time_zone ?? 'UTC' },
            now,
          )
        : null;
    if (quietEnd !== null) {
      await manager.query(
        `UPDATE notification_deliveries SET next_attempt_at = $2 WHERE id = ANY($1::bigint[])`,
        [ids, quietEnd],
      );
      return 'deferred';
    }
    if (flappedBack(oldest.payload, newest.payload)) {
      await this.supersede(manager, [...older, newest.id]);
      return 'superseded';
    }

    // A target disabled meanwhile keeps what it is owed until it is enabled again.
    const target = await this.target(manager, targetId);
    if (target === null) return null;
    const thread = await this.thread(manager, targetId, newest.ordering_key);
    const notification: OutgoingNotification = {
      deliveryId: newest.id,
      idempotencyKey: newest.idempotency_key,
      event: burstEvent(rows.map((row) => row.event)),
      orderingKey: newest.ordering_key,
      payload: newest.payload,
      coalesced: older.length,
    };
    const started = Date.now();
    let error: DeliveryError | null = null;
    let startedThread: Thread | null = null;
    try {
      startedThread = await this.senders[target.kind].send(notification, {
        target,
        thread,
        timeoutMs: this.options.timeoutMs,
      });
    } catch (caught) {
      error =
        caught instanceof DeliveryError ? caught : new DeliveryError(`unexpected: ${describe(caught)}`, null);
    }
    const durationMs = Date.now() - started;
    await this.supersede(manager, older);
    return this.record(manager, newest, targetId, error, durationMs, startedThread);
  }

  /** The ids of the target's next burst to send (see firstDueBurst), on the database's clock. */
  private async nextGroup(manager: EntityManager, targetId: string): Promise<string[] | null> {
    const rows: Array<{
      id: string;
      ordering_key: string;
      created_at: Date;
      next_attempt_at: Date;
      hold_seconds: number;
      now: Date;
    }> = await manager.query(
      `SELECT d.id, d.ordering_key, d.created_at, d.next_attempt_at, clock_timestamp() AS now,
              CASE WHEN d.event = 'test' THEN 0 ELSE coalesce(r.hold_seconds, $2) END AS hold_seconds
       FROM notification_deliveries d LEFT JOIN notification_rules r ON r.id = d.rule_id
       WHERE d.target_id = $1 AND d.state = 'pending'
       ORDER BY d.id`,
      [targetId, this.options.holdSeconds],
    );
    const now = rows[0]?.now;
    if (now === undefined) return null;
    return firstDueBurst(
      rows.map((row) => ({
        id: row.id,
        orderingKey: row.ordering_key,
        createdAt: row.created_at,
        nextAttemptAt: row.next_attempt_at,
        holdSeconds: row.hold_seconds,
      })),
      now,
    );
  }

  private async record(
    manager: EntityManager,
    delivery: DeliveryRow,
    targetId: string,
    error: DeliveryError | null,
    durationMs: number,
    thread: Thread | null,
  ): Promise<Outcome> {
    const attempts = delivery.attempts + 1;
    const now = new Date();
    if (error === null) {
      await manager.query(
        `UPDATE notification_deliveries SET state = 'sent', attempts = $2, sent_at = $3, last_error = NULL WHERE id = $1`,
        [delivery.id, attempts, now],
      );
      if (thread !== null) {
        await manager.query(
          `INSERT INTO notification_threads (target_id, ordering_key, reference, channel) VALUES ($1, $2, $3, $4)
           ON CONFLICT (target_id, ordering_key) DO UPDATE SET reference = EXCLUDED.reference, channel = EXCLUDED.channel`,
          [targetId, delivery.ordering_key, thread.reference, thread.channel],
        );
      }
      await this.logAttempt(manager, delivery.id, targetId, now, 'sent', null, durationMs, null);
      return 'sent';
    }
    const dead = error.permanent || attempts >= this.options.maxAttempts;
    const retryAt = dead
      ? null
      : new Date(
          now.getTime() +
            (error.retryAfterMs ??
              backoffMs(attempts, this.options.retryBaseMs, this.options.retryMaxMs, this.random())),
        );
    await manager.query(
      `UPDATE notification_deliveries SET state = $2, attempts = $3, next_attempt_at = coalesce($4, next_attempt_at),
         last_error = $5 WHERE id = $1`,
      [delivery.id, dead ? 'dead' : 'pending', attempts, retryAt, error.message],
    );
    const outcome = error.status === 429 ? 'throttled' : 'failed';
    await this.logAttempt(manager, delivery.id, targetId, now, outcome, error, durationMs, retryAt);
    return dead ? 'dead' : 'failed';
  }

  private async logAttempt(
    manager: EntityManager,
    deliveryId: string,
    targetId: string,
    at: Date,
    outcome: 'sent' | 'failed' | 'throttled',
    error: DeliveryError | null,
    durationMs: number,
    retryAt: Date | null,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO notification_attempts (delivery_id, target_id, at, outcome, status, error, duration_ms, retry_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [deliveryId, targetId, at, outcome, error?.status ?? null, error?.message ?? null, durationMs, retryAt],
    );
  }

  private async supersede(manager: EntityManager, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(
      `UPDATE notification_deliveries SET state = 'superseded' WHERE id = ANY($1::bigint[])`,
      [ids],
    );
  }

  private async target(manager: EntityManager, targetId: string): Promise<TargetSettings | null> {
    const [row] = await manager.query(
      `SELECT id, kind, config, secrets FROM notification_targets WHERE id = $1 AND enabled`,
      [targetId],
    );
    return (row as TargetSettings | undefined) ?? null;
  }

  private async thread(
    manager: EntityManager,
    targetId: string,
    orderingKey: string,
  ): Promise<Thread | null> {
    const [row] = await manager.query(
      `SELECT reference, channel FROM notification_threads WHERE target_id = $1 AND ordering_key = $2`,
      [targetId, orderingKey],
    );
    return (row as Thread | undefined) ?? null;
  }
}

/** A service whose level, within one burst, is back to what the target was told before: no news. */
function flappedBack(oldest: NotificationPayload, newest: NotificationPayload): boolean {
  if (oldest.kind !== 'serviceStatus' || newest.kind !== 'serviceStatus') return false;
  const before = (oldest as ServiceStatusPayload).previous;
  return before !== null && before.level === newest.level;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
