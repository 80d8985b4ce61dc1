import type { EntityManager } from 'typeorm';
import { TARGET_LOCK_SPACE } from './dispatcher.js';

/** Which dead letters to retry: one, or every one of a target. */
export type DeadLetterSelection = { deliveryId: string } | { targetId: string };

export interface RetriedDeadLetter {
  id: string;
  targetId: string;
  /** `pending`: owed again, in its place; `superseded`: a later change of its incident was delivered. */
  state: 'pending' | 'superseded';
}

/**
 * Puts dead letters back in the outbox, in their place: a retried delivery keeps its id, so the dispatcher
 * sends it before anything later of its incident (or service) still owed, with a fresh count of attempts
 * (the log keeps the old ones). One whose incident has since been delivered a later change (sent after it
 * died) is not sent: that message already carried the incident's newer state, and sending the older one now
 * would tell the target, say, "investigating" after "resolved". It is marked superseded instead.
 *
 * Runs under each target's dispatch lock (the dispatcher's, waited for): a delivery of the same incident
 * being sent meanwhile is either seen as sent or sent after the retried one.
 */
export async function retryDeadLetters(
  manager: EntityManager,
  selection: DeadLetterSelection,
): Promise<RetriedDeadLetter[]> {
  const [deliveryId, targetId] =
    'deliveryId' in selection ? [selection.deliveryId, null] : [null, selection.targetId];
  await manager.query(
    `SELECT pg_advisory_xact_lock($1, hashtext(target_id::text)) FROM (
       SELECT DISTINCT target_id FROM notification_deliveries
       WHERE state = 'dead' AND ($2::bigint IS NULL OR id = $2) AND ($3::uuid IS NULL OR target_id = $3)
       ORDER BY target_id
     ) dead`,
    [TARGET_LOCK_SPACE, deliveryId, targetId],
  );
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
  )) as [RetriedDeadLetter[], number];
  return rows.sort((a, b) => Number(a.id) - Number(b.id));
}
