import {
  type ActiveNotificationRule,
  type DeliveryWrite,
  NotificationDeliveriesRepository,
  NotificationRulesRepository,
  NotificationSubjectsRepository,
  type Told,
} from '#persistence';
import type { EntityManager } from 'typeorm';
import { digestPeriod } from './digest-period.js';
import type {
  DigestMark,
  GlobalStatusPayload,
  IncidentPayload,
  IncidentState,
  NotificationPayload,
  ServiceStatusPayload,
  StatusState,
  UpdateState,
} from './notification-payload.js';
import {
  incidentEvents,
  ruleCoversIncident,
  ruleCoversStatus,
  wantedEvent,
  type RuleFilters,
} from './rule-match.js';

/** What one correlator step changed (its CorrelationResult). */
export interface AnnouncedChanges {
  incidentIds: Iterable<string>;
  serviceStatusChanges: Array<{ tenantId: string; serviceId: string }>;
  /** Services whose status in the global view (a Beacon without Graph tenants) changed. */
  globalStatusChanges?: GlobalStatusChange[];
}

export interface GlobalStatusChange {
  serviceId: string;
  before: (StatusState & { channel: string }) | null;
  after: (StatusState & { channel: string }) | null;
}

/** A rule as stored: its filters, and its advisory digest's schedule (see digest-period.ts). */
type Rule = ActiveNotificationRule & RuleFilters;

/** A delivery owed, with the payload a message is made of. */
export interface Delivery extends DeliveryWrite {
  payload: NotificationPayload;
}

const rulesTable = new NotificationRulesRepository();
const deliveriesTable = new NotificationDeliveriesRepository();
const subjects = new NotificationSubjectsRepository();

export const incidentOrderingKey = (incidentId: string) => `incident:${incidentId}`;
export const statusOrderingKey = (tenantId: string, serviceId: string) => `status:${tenantId}:${serviceId}`;
export const globalStatusOrderingKey = (serviceId: string) => `status:global:${serviceId}`;

/**
 * Writes the deliveries a correlator step owes, in the step's transaction: they commit with the change
 * they announce or not at all. Each is compared with what its target was last told (its newest delivery of
 * the incident or service), so a change that alters nothing a target hears of owes it nothing, and the
 * idempotency key (target, incident, update and state) makes the same change impossible to owe twice. A
 * rebuild never calls it: it announces nothing.
 */
export async function enqueueNotifications(
  manager: EntityManager,
  changes: AnnouncedChanges,
  now: Date,
): Promise<number> {
  const incidentIds = [...changes.incidentIds];
  const globalChanges = changes.globalStatusChanges ?? [];
  if (incidentIds.length === 0 && changes.serviceStatusChanges.length === 0 && globalChanges.length === 0)
    return 0;
  const rules = await rulesTable.active(manager);
  if (rules.length === 0) return 0;
  const deliveries = [
    ...(await incidentDeliveries(manager, rules, incidentIds, now)),
    ...(await statusDeliveries(manager, rules, changes.serviceStatusChanges, now)),
    ...(await globalStatusDeliveries(manager, rules, globalChanges, now)),
  ];
  return insertDeliveries(manager, deliveries);
}

/** Owes one target a test message (the "send a test" action), sent like any other delivery. */
export async function enqueueTestNotification(
  manager: EntityManager,
  targetId: string,
  now: Date,
): Promise<void> {
  await insertDeliveries(manager, [
    {
      targetId,
      ruleId: null,
      idempotencyKey: `${targetId}:test:${now.toISOString()}`,
      event: 'test',
      orderingKey: `test:${targetId}`,
      incidentId: null,
      payload: { kind: 'test', requestedAt: now.toISOString() },
      nextAttemptAt: now,
    },
  ]);
}

/** Each target's newest delivery for each ordering key (keyed `target|ordering key`). */
export function lastTold(
  manager: EntityManager,
  targetIds: string[],
  orderingKeys: string[],
): Promise<Map<string, Told<NotificationPayload>>> {
  return deliveriesTable.lastTold<NotificationPayload>(manager, targetIds, orderingKeys);
}

async function incidentDeliveries(
  manager: EntityManager,
  rules: Rule[],
  incidentIds: string[],
  now: Date,
): Promise<Delivery[]> {
  if (incidentIds.length === 0) return [];
  const incidents = await readIncidents(manager, incidentIds);
  const told = await lastTold(
    manager,
    rules.map((rule) => rule.targetId),
    incidents.map((i) => incidentOrderingKey(i.incident.id)),
  );
  const deliveries: Delivery[] = [];
  for (const { incident, update } of incidents) {
    const orderingKey = incidentOrderingKey(incident.id);
    const owed = new Set<string>();
    for (const rule of rules) {
      if (owed.has(rule.targetId) || !ruleCoversIncident(rule, incident)) continue;
      const last = told.get(`${rule.targetId}|${orderingKey}`);
      const previous = last?.payload as IncidentPayload | undefined;
      const events = incidentEvents(
        previous ? { incident: previous.incident, update: previous.update } : null,
        incident,
        update,
      );
      const event = wantedEvent(rule, events);
      if (event === null) continue;
      owed.add(rule.targetId);
      const state = `${update?.id ?? '-'}:${incident.status}:${incident.level}:${incident.isResolved ? 'resolved' : 'open'}`;
      const digest = digestOf(rule, incident, now);
      deliveries.push({
        targetId: rule.targetId,
        ruleId: rule.id,
        // After what the target was last told: an incident back in a state it had before (investigating,
        // interrupted, investigating again, no new post) owes a delivery again, while the same change
        // enqueued twice (a step re-run after a crash) still meets the same key.
        idempotencyKey: `${rule.targetId}:${orderingKey}:${last?.deliveryId ?? 'first'}:${state}`,
        event,
        orderingKey,
        incidentId: incident.id,
        payload: { kind: 'incident', incident, update, ...(digest && { digest }) },
        // It waits in the outbox for its digest's end, when the dispatcher sends the period's as one.
        nextAttemptAt: digest ? new Date(digest.periodEnd) : now,
      });
    }
  }
  return deliveries;
}

/** The digest an advisory's change waits for, when its rule gathers advisories. */
function digestOf(rule: Rule, incident: IncidentState, now: Date): DigestMark | null {
  if (rule.digestMinutes === null || incident.classification !== 'ADVISORY') return null;
  const period = digestPeriod(now, {
    minutes: rule.digestMinutes,
    at: rule.digestAt,
    timeZone: rule.timeZone,
  });
  return {
    ruleId: rule.id,
    periodStart: period.start.toISOString(),
    periodEnd: period.end.toISOString(),
  };
}

async function readIncidents(
  manager: EntityManager,
  ids: string[],
): Promise<Array<{ incident: IncidentState; update: UpdateState | null }>> {
  const rows = await subjects.incidents(manager, ids);
  return rows.map((row) => ({
    incident: {
      id: row.id,
      reference: row.reference,
      title: row.title,
      serviceId: row.service_id,
      serviceName: row.service_name,
      classification: row.classification,
      status: row.status,
      level: row.level,
      isResolved: row.is_resolved,
      provisional: row.provisional,
      startedAt: row.started_at?.toISOString() ?? null,
      endedAt: row.ended_at?.toISOString() ?? null,
      tenantIds: row.tenant_ids,
    },
    update: row.update && {
      id: row.update.id,
      channel: row.update.channel,
      postedAt: new Date(row.update.posted_at).toISOString(),
      text: row.update.text,
    },
  }));
}

async function statusDeliveries(
  manager: EntityManager,
  rules: Rule[],
  changes: Array<{ tenantId: string; serviceId: string }>,
  now: Date,
): Promise<Delivery[]> {
  if (changes.length === 0) return [];
  const rows = await subjects.statuses(manager, changes);
  const told = await lastTold(
    manager,
    rules.map((rule) => rule.targetId),
    rows.map((row) => statusOrderingKey(row.tenant_id, row.service_id)),
  );
  const deliveries: Delivery[] = [];
  for (const row of rows) {
    const orderingKey = statusOrderingKey(row.tenant_id, row.service_id);
    const change = {
      tenantId: row.tenant_id,
      serviceId: row.service_id,
      level: row.level,
      status: row.status,
    };
    const owed = new Set<string>();
    for (const rule of rules) {
      if (owed.has(rule.targetId)) continue;
      const last = told.get(`${rule.targetId}|${orderingKey}`)?.payload as ServiceStatusPayload | undefined;
      const previous = last ? { level: last.level, status: last.status } : row.before;
      // A service's first known status is no change (a new Beacon does not announce every service), nor is
      // another word for the same level (the status site's "Available" becoming Graph's "serviceOperational").
      if (previous === null || previous.level === row.level) continue;
      if (!ruleCoversStatus(rule, change, previous)) continue;
      owed.add(rule.targetId);
      deliveries.push({
        targetId: rule.targetId,
        ruleId: rule.id,
        idempotencyKey: `${rule.targetId}:${orderingKey}:${row.changed_at.toISOString()}`,
        event: 'status_changed',
        orderingKey,
        incidentId: null,
        payload: {
          kind: 'serviceStatus',
          ...change,
          serviceName: row.name,
          channel: row.channel,
          changedAt: row.changed_at.toISOString(),
          previous,
        },
        nextAttemptAt: now,
      });
    }
  }
  return deliveries;
}

/**
 * The global view's status changes (the fallback channels' word, in a Beacon without Graph tenants), for
 * rules that cover every tenant; like a tenant's, announced only when the level changes.
 */
async function globalStatusDeliveries(
  manager: EntityManager,
  rules: Rule[],
  changes: GlobalStatusChange[],
  now: Date,
): Promise<Delivery[]> {
  const known = changes.filter((change) => change.before !== null && change.after !== null);
  if (known.length === 0) return [];
  const names = await subjects.serviceNames(
    manager,
    known.map((change) => change.serviceId),
  );
  const nameOf = new Map(names.map((row) => [row.id, row.name]));
  const told = await lastTold(
    manager,
    rules.map((rule) => rule.targetId),
    known.map((change) => globalStatusOrderingKey(change.serviceId)),
  );
  const deliveries: Delivery[] = [];
  for (const { serviceId, before, after } of known) {
    if (before === null || after === null) continue;
    const orderingKey = globalStatusOrderingKey(serviceId);
    const owed = new Set<string>();
    for (const rule of rules) {
      if (owed.has(rule.targetId)) continue;
      const last = told.get(`${rule.targetId}|${orderingKey}`)?.payload as GlobalStatusPayload | undefined;
      const previous = last ? { level: last.level, status: last.status } : before;
      if (previous.level === after.level) continue;
      if (!ruleCoversStatus(rule, { tenantId: null, serviceId, ...after }, previous)) continue;
      owed.add(rule.targetId);
      deliveries.push({
        targetId: rule.targetId,
        ruleId: rule.id,
        idempotencyKey: `${rule.targetId}:${orderingKey}:${now.toISOString()}`,
        event: 'status_changed',
        orderingKey,
        incidentId: null,
        payload: {
          kind: 'globalStatus',
          serviceId,
          serviceName: nameOf.get(serviceId) ?? serviceId,
          level: after.level,
          status: after.status,
          channel: after.channel,
          changedAt: now.toISOString(),
          previous,
        },
        nextAttemptAt: now,
      });
    }
  }
  return deliveries;
}

/**
 * Inserts in one statement; a delivery whose key is already owed is skipped, and dispatchers hear of new
 * ones on commit. How many were new.
 */
export function insertDeliveries(manager: EntityManager, deliveries: Delivery[]): Promise<number> {
  return deliveriesTable.insert(manager, deliveries);
}
