import { NotificationDeliveriesRepository } from '#persistence';
import type { EntityManager } from 'typeorm';
import { TARGET_LOCK_SPACE } from './dispatcher.js';

/** Which dead letters to retry: one, or every one of a target. */
const deliveries = new NotificationDeliveriesRepository();

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
  await deliveries.lockTargetsOfDead(manager, TARGET_LOCK_SPACE, deliveryId, targetId);
  return deliveries.retryDead(manager, deliveryId, targetId);
}
