/** The kinds of place a notification can go to (issue 15). */
export const NOTIFICATION_TARGET_KINDS = ['teams', 'slack_webhook', 'slack_bot', 'webhook', 'email'] as const;
export type NotificationTargetKind = (typeof NOTIFICATION_TARGET_KINDS)[number];

/** What a rule can ask to be told of. */
export const NOTIFICATION_EVENTS = [
  'incident_created',
  'incident_updated',
  'status_changed',
  'incident_resolved',
  'degraded_entered',
  'degraded_left',
  'source_down',
  /** The "send a test" action: never in a rule. */
  'test',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/**
 * A delivery's life: `pending` until sent (or retried), `sent` once the target took it, `dead` after the
 * last attempt failed, `superseded` when a newer delivery of the same incident and target carries its news
 * (a burst coalesced, or a status change that flapped back before its hold time ended).
 */
export const NOTIFICATION_DELIVERY_STATES = ['pending', 'sent', 'dead', 'superseded'] as const;
export type NotificationDeliveryState = (typeof NOTIFICATION_DELIVERY_STATES)[number];

/** How one attempt ended: taken, failed (retried later), throttled (429: retried after `Retry-After`). */
export const NOTIFICATION_ATTEMPT_OUTCOMES = ['sent', 'failed', 'throttled'] as const;
export type NotificationAttemptOutcome = (typeof NOTIFICATION_ATTEMPT_OUTCOMES)[number];
