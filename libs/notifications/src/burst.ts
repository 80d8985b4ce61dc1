/** A pending delivery, as the dispatcher chooses what to send next. */
export interface PendingDelivery {
  id: string;
  orderingKey: string;
  createdAt: Date;
  nextAttemptAt: Date;
  /** How long its changes must hold (its rule's, or NOTIFY_HOLD_SECONDS). */
  holdSeconds: number;
  /** It waits for a digest (its ordering key is the digest's): all of the key go together. */
  digest?: boolean;
}

/**
 * The next deliveries to send as one message, given a target's pending deliveries in outbox order: of the
 * incident (ordering key) whose oldest pending delivery comes first and is due, that delivery and the ones
 * that followed it within the hold time of each other (a burst). Due means: its retry time has come, and
 * the burst's newest delivery has held for the hold time (a change that is undone within it is never
 * sent alone). Deliveries further apart are separate messages, in order: a target that was down gets every
 * change afterwards, not just the last. A digest's deliveries (their ordering key is the digest's) go
 * together, all of them, once due.
 */
export function firstDueBurst(pending: PendingDelivery[], now: Date): string[] | null {
  const byKey = Map.groupBy(pending, (delivery) => delivery.orderingKey);
  for (const deliveries of byKey.values()) {
    const [first, ...rest] = deliveries;
    if (first === undefined || first.nextAttemptAt > now) continue;
    // A digest goes whole once every delivery of it is due (the newest's retry time included).
    if (first.digest) {
      if (deliveries.every((delivery) => delivery.nextAttemptAt <= now)) return deliveries.map((d) => d.id);
      continue;
    }
    const burst = [first];
    for (const next of rest) {
      const last = burst.at(-1) as PendingDelivery;
      if (next.createdAt.getTime() - last.createdAt.getTime() > last.holdSeconds * 1000) break;
      burst.push(next);
    }
    const newest = burst.at(-1) as PendingDelivery;
    if (newest.createdAt.getTime() + newest.holdSeconds * 1000 <= now.getTime())
      return burst.map((d) => d.id);
  }
  return null;
}
