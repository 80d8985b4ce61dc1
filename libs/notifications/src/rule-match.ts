import type { HealthLevel, IncidentClassification } from '#domain';
import type { NotificationEvent } from '#persistence';
import type { IncidentState, StatusState, UpdateState } from './notification-payload.js';

/** The filters of a rule (null: any). */
export interface RuleFilters {
  serviceIds: string[] | null;
  classifications: IncidentClassification[] | null;
  levels: HealthLevel[] | null;
  tenantIds: string[] | null;
  events: NotificationEvent[];
}

const allows = <T>(filter: T[] | null, value: T) => filter === null || filter.includes(value);

/**
 * Whether an incident is within a rule's filters. An incident no tenant's Graph has listed (one only X or
 * the status site carry, during an outage) concerns every tenant: it passes a tenant filter.
 */
export function ruleCoversIncident(rule: RuleFilters, incident: IncidentState): boolean {
  return (
    allows(rule.serviceIds, incident.serviceId ?? '') &&
    allows(rule.classifications, incident.classification) &&
    allows(rule.levels, incident.level) &&
    (rule.tenantIds === null ||
      incident.tenantIds.length === 0 ||
      incident.tenantIds.some((tenant) => rule.tenantIds?.includes(tenant)))
  );
}

/**
 * What a change to an incident is, for a target that was last told `previous` (null: told nothing yet),
 * most telling first; null when nothing the target was told has changed. The newest post is news when it is
 * another post, not when it is the same post under another row id (a rebuild writes every row again).
 */
export function incidentEvents(
  previous: { incident: IncidentState; update: UpdateState | null } | null,
  incident: IncidentState,
  update: UpdateState | null,
): NotificationEvent[] {
  // An incident first seen already over (a first import brings weeks of them) is history, not news.
  if (previous === null && incident.isResolved) return [];
  if (previous === null)
    return update === null ? ['incident_created'] : ['incident_created', 'incident_updated'];
  const events: NotificationEvent[] = [];
  if (incident.isResolved && !previous.incident.isResolved) events.push('incident_resolved');
  if (incident.status !== previous.incident.status || incident.level !== previous.incident.level)
    events.push('status_changed');
  if (update !== null && (previous.update === null || !samePost(update, previous.update)))
    events.push('incident_updated');
  return events;
}

/** Whether two updates are one post: its channel, time and words. */
function samePost(a: UpdateState, b: UpdateState): boolean {
  return a.channel === b.channel && a.postedAt === b.postedAt && a.text === b.text;
}

/** The first event of `events` a rule asks for, or null. */
export function wantedEvent(rule: RuleFilters, events: NotificationEvent[]): NotificationEvent | null {
  return events.find((event) => rule.events.includes(event)) ?? null;
}

/**
 * Whether a service's status change is within a rule's filters (a level filter matches either side). A
 * change of the global view (`tenantId` null: a Beacon without Graph tenants) is for rules of every tenant.
 */
export function ruleCoversStatus(
  rule: RuleFilters,
  change: { tenantId: string | null; serviceId: string } & StatusState,
  previous: StatusState | null,
): boolean {
  return (
    rule.events.includes('status_changed') &&
    allows(rule.serviceIds, change.serviceId) &&
    (rule.tenantIds === null || (change.tenantId !== null && rule.tenantIds.includes(change.tenantId))) &&
    (rule.levels === null ||
      rule.levels.includes(change.level) ||
      (previous !== null && rule.levels.includes(previous.level)))
  );
}

/** Most telling first: the one a burst of changes coalesced into one message is announced as. */
const SIGNIFICANCE: NotificationEvent[] = [
  'incident_created',
  'incident_resolved',
  'status_changed',
  'incident_updated',
];

/** The event of one message standing for several deliveries: the most telling of theirs. */
export function burstEvent(events: NotificationEvent[]): NotificationEvent {
  return SIGNIFICANCE.find((event) => events.includes(event)) ?? (events.at(-1) as NotificationEvent);
}
