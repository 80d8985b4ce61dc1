import {
  NOTIFICATION_ATTEMPT_OUTCOMES,
  NOTIFICATION_DELIVERY_STATES,
  NOTIFICATION_EVENTS,
  NOTIFICATION_TARGET_KINDS,
  type NotificationAttemptOutcome,
  type NotificationDeliveryState,
  type NotificationEvent,
  type NotificationTargetKind,
} from '#persistence';
import { registerEnumType } from '@nestjs/graphql';

/** GraphQL's names (SLACK_BOT …) for the database's words (slack_bot …), like ApiKeyRole's. */
function screamingEnum<T extends string>(values: readonly T[]): Record<string, T> {
  return Object.fromEntries(values.map((value) => [value.toUpperCase(), value]));
}

export const NotificationTargetKindEnum = screamingEnum<NotificationTargetKind>(NOTIFICATION_TARGET_KINDS);
export const NotificationEventEnum = screamingEnum<NotificationEvent>(NOTIFICATION_EVENTS);
export const NotificationDeliveryStateEnum = screamingEnum<NotificationDeliveryState>(
  NOTIFICATION_DELIVERY_STATES,
);
export const NotificationAttemptOutcomeEnum = screamingEnum<NotificationAttemptOutcome>(
  NOTIFICATION_ATTEMPT_OUTCOMES,
);

registerEnumType(NotificationTargetKindEnum, {
  name: 'NotificationTargetKind',
  valuesMap: {
    TEAMS: { description: 'A Microsoft Teams Workflows webhook, sent an Adaptive Card.' },
    SLACK_WEBHOOK: { description: 'A Slack incoming webhook.' },
    SLACK_BOT: {
      description: 'Slack with a bot token: one message per incident, edited, updates in its thread.',
    },
    WEBHOOK: { description: 'Any URL, sent JSON signed with HMAC-SHA256 over the timestamp and the body.' },
    EMAIL: { description: 'E-mail over SMTP, one thread per incident.' },
  },
});

registerEnumType(NotificationEventEnum, {
  name: 'NotificationEvent',
  valuesMap: {
    INCIDENT_CREATED: { description: 'A new incident.' },
    INCIDENT_UPDATED: { description: 'Each update of an incident.' },
    STATUS_CHANGED: { description: "A service's status changed (after the rule's hold time)." },
    INCIDENT_RESOLVED: { description: 'An incident was resolved.' },
    DEGRADED_ENTERED: { description: 'The admin center went quiet: Beacon serves the fallback channels.' },
    DEGRADED_LEFT: { description: 'The admin center answers again.' },
    SOURCE_DOWN: { description: "A source has failed for longer than the rule's sourceDownMinutes." },
    TEST: { description: 'The "send a test" action (never part of a rule).' },
  },
});

registerEnumType(NotificationDeliveryStateEnum, {
  name: 'NotificationDeliveryState',
  valuesMap: {
    PENDING: { description: 'Not sent yet: waiting for its time, its turn or a retry.' },
    SENT: { description: 'The target took it.' },
    DEAD: { description: 'Given up after the last attempt failed (a dead letter).' },
    SUPERSEDED: { description: 'A newer delivery of the same incident carries its news.' },
  },
});

registerEnumType(NotificationAttemptOutcomeEnum, {
  name: 'NotificationAttemptOutcome',
  valuesMap: {
    SENT: { description: 'Taken.' },
    FAILED: { description: 'Failed; retried later unless it was the last attempt.' },
    THROTTLED: { description: 'Refused with 429; retried after Retry-After.' },
  },
});
