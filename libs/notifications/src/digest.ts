import type { NotificationEvent } from '#persistence';
import type { AdvisoryDigestPayload, IncidentPayload, NotificationPayload } from './notification-payload.js';

/**
 * What the dispatcher sends together: deliveries waiting for one digest (a rule's period) as one message,
 * any other by its ordering key (bursts of one incident or service).
 */
export function groupKey(delivery: { ordering_key: string; payload: NotificationPayload }): string {
  const payload = delivery.payload;
  return payload.kind === 'incident' && payload.digest
    ? `digest:${payload.digest.ruleId}:${payload.digest.periodStart}`
    : delivery.ordering_key;
}

/**
 * One period's digest from the deliveries that waited for it, oldest first: each advisory once, in the
 * state of its newest delivery, with every event that befell it in the period, in the order they first came.
 */
export function advisoryDigest(
  deliveries: Array<{ event: NotificationEvent; payload: IncidentPayload }>,
): AdvisoryDigestPayload {
  const mark = deliveries[0]?.payload.digest;
  if (mark === undefined) throw new Error('a digest needs deliveries marked for it');
  const advisories = new Map<string, AdvisoryDigestPayload['advisories'][number]>();
  for (const { event, payload } of deliveries) {
    const events = advisories.get(payload.incident.id)?.events ?? [];
    // A Map keeps a key where it was first set: advisories are listed in the order they first came.
    advisories.set(payload.incident.id, {
      incident: payload.incident,
      update: payload.update,
      events: events.includes(event) ? events : [...events, event],
    });
  }
  return {
    kind: 'advisoryDigest',
    ruleId: mark.ruleId,
    periodStart: mark.periodStart,
    periodEnd: mark.periodEnd,
    advisories: [...advisories.values()],
  };
}
