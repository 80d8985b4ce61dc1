import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { NotificationEvent } from '../../entities/index.js';

/** NOTIFYed when deliveries are owed (on commit): dispatchers wake at once instead of at their next poll. */
export const DELIVERIES_CHANNEL = 'beacon_deliveries';

/** A delivery owed, as the outbox writes it. */
export interface DeliveryWrite {
  targetId: string;
  ruleId: string | null;
  idempotencyKey: string;
  event: NotificationEvent;
  orderingKey: string;
  incidentId: string | null;
  payload: object;
  nextAttemptAt: Date;
}

/** A target's newest delivery for one ordering key: what it was last told, and that delivery's id. */
export interface Told<P> {
  deliveryId: string;
  payload: P;
}

/** A dead letter put back: `pending`, owed again in its place, or `superseded` (see retryDead). */
export interface RetriedDelivery {
  id: string;
  targetId: string;
  state: 'pending' | 'superseded';
}

/**
 * `notification_deliveries`, the outbox, as the outbox's functions write it. Every method takes the
 * transaction's manager; no constructor, so that those functions make their own.
 */
@Injectable()
export class NotificationDeliveriesRepository {
  /** Each target's newest delivery for each ordering key (keyed `target|ordering key`). */
  async lastTold<P>(
    manager: EntityManager,
    targetIds: string[],
    orderingKeys: string[],
  ): Promise<Map<string, Told<P>>> {
    // By target first: the outbox's (target, ordering key, id) index answers it.
    const rows: Array<{ id: string; target_id: string; ordering_key: string; payload: P }> =
      await manager.query(
        `SELECT DISTINCT ON (target_id, ordering_key) id, target_id, ordering_key, payload
       FROM notification_deliveries WHERE target_id = ANY($1::uuid[]) AND ordering_key = ANY($2)
       ORDER BY target_id, ordering_key, id DESC`,
        [[...new Set(targetIds)], orderingKeys],
      );
    return new Map(
      rows.map((row) => [
        `${row.target_id}|${row.ordering_key}`,
        { deliveryId: row.id, payload: row.payload },
      ]),
    );
  }

  /**
   * Inserts in one statement; a delivery whose key is already owed is skipped. Dispatchers hear of new ones
   * on commit (DELIVERIES_CHANNEL). How many were new.
   */
  async insert(manager: EntityManager, deliveries: DeliveryWrite[]): Promise<number> {
    if (deliveries.length === 0) return 0;
    const inserted: unknown[] = await manager.query(
      `INSERT INTO notification_deliveries
         (target_id, rule_id, idempotency_key, event, ordering_key, incident_id, payload, next_attempt_at)
       SELECT (d->>'targetId')::uuid, (d->>'ruleId')::uuid, d->>'idempotencyKey', (d->>'event')::notification_event,
              d->>'orderingKey', (d->>'incidentId')::uuid, d->'payload', (d->>'nextAttemptAt')::timestamptz
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(d, n)
       ORDER BY n
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id`,
      [JSON.stringify(deliveries)],
    );
    if (inserted.length > 0) await manager.query("SELECT pg_notify($1, '')", [DELIVERIES_CHANNEL]);
    return inserted.length;
  }

  /**
   * Waits for the dispatch lock (`lockSpace`, the target's id hashed) of every target with a chosen dead
   * letter (one by id, or every one of a target), in target order.
   */
  async lockTargetsOfDead(
    manager: EntityManager,
    lockSpace: number,
    deliveryId: string | null,
    targetId: string | null,
  ): Promise<void> {
    await manager.query(
      `SELECT pg_advisory_xact_lock($1, hashtext(target_id::text)) FROM (
         SELECT DISTINCT target_id FROM notification_deliveries
         WHERE state = 'dead' AND ($2::bigint IS NULL OR id = $2) AND ($3::uuid IS NULL OR target_id = $3)
         ORDER BY target_id
       ) dead`,
      [lockSpace, deliveryId, targetId],
    );
  }

  /**
   * Puts the chosen dead letters back in their place (their ids kept, attempts counted afresh), or marks
   * one superseded when a later delivery of its ordering key was sent; in id order.
   */
  async retryDead(
    manager: EntityManager,
    deliveryId: string | null,
    targetId: string | null,
  ): Promise<RetriedDelivery[]> {
    const [rows] = (await manager.query(
      `WITH chosen AS (
         SELECT d.id, d.target_id,
                EXISTS (SELECT 1 FROM notification_deliveries later
                        WHERE later.target_id = d.target_id AND later.ordering_key = d.ordering_key
                          AND later.id > d.id AND later.state = 'sent') AS overtaken
         FROM notification_deliveries d
         WHERE d.state = 'dead' AND ($1::bigint IS NULL OR d.id = $1) AND ($2::uuid IS NULL OR d.target_id = $2)
         FOR UPDATE OF d
       )
       UPDATE notification_deliveries d
       SET state = CASE WHEN chosen.overtaken THEN 'superseded' ELSE 'pending' END::notification_delivery_state,
           attempts = CASE WHEN chosen.overtaken THEN d.attempts ELSE 0 END,
           next_attempt_at = CASE WHEN chosen.overtaken THEN d.next_attempt_at ELSE clock_timestamp() END
       FROM chosen WHERE d.id = chosen.id
       RETURNING d.id::text AS id, d.target_id AS "targetId", d.state::text AS state`,
      [deliveryId, targetId],
    )) as [RetriedDelivery[], number];
    return rows.sort((a, b) => Number(a.id) - Number(b.id));
  }
}
