import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { NotificationEvent, NotificationTargetKind } from '../../entities/index.js';

/** A pending delivery as a burst is chosen from it; `payload` holds only its kind and digest. */
export interface PendingDeliveryRow<P> {
  id: string;
  target_id: string;
  ordering_key: string;
  created_at: Date;
  next_attempt_at: Date;
  payload: P;
  hold_seconds: number;
}

/** A delivery about to be sent, with its rule's quiet hours. */
export interface DispatchDeliveryRow<P> {
  id: string;
  target_id: string;
  idempotency_key: string;
  event: NotificationEvent;
  ordering_key: string;
  payload: P;
  attempts: number;
  quiet_from: string | null;
  quiet_until: string | null;
  quiet_time_zone: string | null;
}

/** An enabled target as its sender needs it, its secrets still sealed. */
export interface DispatchTargetRow {
  id: string;
  kind: NotificationTargetKind;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
}

/** Where a target keeps its conversation about one ordering key (a Slack message, an e-mail's first id). */
export interface ThreadRow {
  target_id: string;
  ordering_key: string;
  reference: string;
  channel: string | null;
}

/** A sent or failed message: its newest delivery's new row, and the attempt's line in the log. */
export interface AttemptWrite {
  id: string;
  target_id: string;
  state: 'sent' | 'dead' | 'pending';
  attempts: number;
  sent_at: Date | null;
  retry_at: Date | null;
  at: Date;
  outcome: 'sent' | 'throttled' | 'failed';
  status: number | null;
  error: string | null;
  duration_ms: number;
}

/**
 * The outbox as the dispatcher reads and writes it (`notification_deliveries` with their rules, targets,
 * `notification_attempts`, `notification_threads`), each write in the batch's transaction and a few
 * statements whatever the batch's size. No constructor: the dispatcher is made by hand as well as by Nest.
 */
@Injectable()
export class NotificationDispatchRepository {
  /**
   * Up to `limit` enabled targets with something due, oldest first, not in `done`, whose dispatch lock
   * (`lockSpace`, the target's id hashed; held to the end of the transaction) no one else holds.
   */
  async lockDueTargets(
    manager: EntityManager,
    lockSpace: number,
    done: string[],
    limit: number,
  ): Promise<string[]> {
    const rows: Array<{ target_id: string }> = await manager.query(
      `SELECT target_id FROM (
         SELECT d.target_id, min(d.id) AS oldest FROM notification_deliveries d
         JOIN notification_targets t ON t.id = d.target_id AND t.enabled
         WHERE d.state = 'pending' AND d.next_attempt_at <= clock_timestamp() AND d.target_id <> ALL($2::uuid[])
         GROUP BY d.target_id ORDER BY oldest
       ) due
       WHERE pg_try_advisory_xact_lock($1, hashtext(target_id::text))
       LIMIT $3`,
      [lockSpace, done, limit],
    );
    return rows.map((row) => row.target_id);
  }

  /** The targets' pending deliveries in outbox order, each with its hold time (a test's: none). */
  pending<P>(
    manager: EntityManager,
    targetIds: string[],
    holdSeconds: number,
  ): Promise<PendingDeliveryRow<P>[]> {
    return manager.query(
      `SELECT d.id, d.target_id, d.ordering_key, d.created_at, d.next_attempt_at,
              jsonb_build_object('kind', d.payload->'kind', 'digest', d.payload->'digest') AS payload,
              CASE WHEN d.event = 'test' THEN 0 ELSE coalesce(r.hold_seconds, $2) END AS hold_seconds
       FROM notification_deliveries d LEFT JOIN notification_rules r ON r.id = d.rule_id
       WHERE d.target_id = ANY($1::uuid[]) AND d.state = 'pending'
       ORDER BY d.id`,
      [targetIds, holdSeconds],
    );
  }

  /** The database's clock: what "due" is measured on. */
  async now(manager: EntityManager): Promise<Date> {
    const [{ now }] = (await manager.query('SELECT clock_timestamp() AS now')) as [{ now: Date }];
    return now;
  }

  deliveries<P>(manager: EntityManager, ids: string[]): Promise<DispatchDeliveryRow<P>[]> {
    return manager.query(
      `SELECT d.id, d.target_id, d.idempotency_key, d.event, d.ordering_key, d.payload, d.attempts,
              r.quiet_from, r.quiet_until, r.quiet_time_zone
       FROM notification_deliveries d LEFT JOIN notification_rules r ON r.id = d.rule_id
       WHERE d.id = ANY($1::bigint[])
       ORDER BY d.id`,
      [ids],
    );
  }

  async setStates(
    manager: EntityManager,
    rows: Array<{ id: string; state: 'superseded' | 'dead' }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `UPDATE notification_deliveries d SET state = r.state::notification_delivery_state
       FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, state text) WHERE d.id = r.id`,
      [JSON.stringify(rows)],
    );
  }

  async defer(manager: EntityManager, rows: Array<{ id: string; until: Date }>): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `UPDATE notification_deliveries d SET next_attempt_at = r.until
       FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, until timestamptz) WHERE d.id = r.id`,
      [JSON.stringify(rows)],
    );
  }

  async recordAttempts(manager: EntityManager, attempts: AttemptWrite[]): Promise<void> {
    if (attempts.length === 0) return;
    const json = JSON.stringify(attempts);
    await manager.query(
      `UPDATE notification_deliveries d
       SET state = r.state::notification_delivery_state, attempts = r.attempts,
           sent_at = coalesce(r.sent_at, d.sent_at), next_attempt_at = coalesce(r.retry_at, d.next_attempt_at),
           last_error = r.error
       FROM jsonb_to_recordset($1::jsonb)
         AS r(id bigint, state text, attempts int, sent_at timestamptz, retry_at timestamptz, error text)
       WHERE d.id = r.id`,
      [json],
    );
    await manager.query(
      `INSERT INTO notification_attempts (delivery_id, target_id, at, outcome, status, error, duration_ms, retry_at)
       SELECT r.id, r.target_id, r.at, r.outcome::notification_attempt_outcome, r.status, r.error, r.duration_ms,
              r.retry_at
       FROM jsonb_to_recordset($1::jsonb)
         AS r(id bigint, target_id uuid, at timestamptz, outcome text, status int, error text, duration_ms int,
              retry_at timestamptz)`,
      [json],
    );
  }

  async saveThreads(manager: EntityManager, threads: ThreadRow[]): Promise<void> {
    if (threads.length === 0) return;
    await manager.query(
      `INSERT INTO notification_threads (target_id, ordering_key, reference, channel)
       SELECT r.target_id, r.ordering_key, r.reference, r.channel
       FROM jsonb_to_recordset($1::jsonb) AS r(target_id uuid, ordering_key text, reference text, channel text)
       ON CONFLICT (target_id, ordering_key) DO UPDATE SET reference = EXCLUDED.reference, channel = EXCLUDED.channel`,
      [JSON.stringify(threads)],
    );
  }

  enabledTargets(manager: EntityManager, targetIds: string[]): Promise<DispatchTargetRow[]> {
    return manager.query(
      `SELECT id, kind, config, secrets FROM notification_targets WHERE id = ANY($1::uuid[]) AND enabled`,
      [targetIds],
    );
  }

  threads(
    manager: EntityManager,
    keys: Array<{ target_id: string; ordering_key: string }>,
  ): Promise<ThreadRow[]> {
    return manager.query(
      `SELECT t.target_id, t.ordering_key, t.reference, t.channel
       FROM notification_threads t
       JOIN jsonb_to_recordset($1::jsonb) AS k(target_id uuid, ordering_key text)
         ON k.target_id = t.target_id AND k.ordering_key = t.ordering_key`,
      [JSON.stringify(keys)],
    );
  }
}
