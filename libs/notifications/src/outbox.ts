import type { HealthLevel, IncidentClassification } from '#domain';
import type { NotificationEvent } from '#persistence';
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

interface Rule extends RuleFilters {
  id: string;
  targetId: string;
  /** The advisory digest's schedule (see digest-period.ts); minutes null: advisories go one by one. */
  digestMinutes: number | null;
  digestAt: string | null;
  timeZone: string;
}

export interface Delivery {
  targetId: string;
  ruleId: string | null;
  idempotencyKey: string;
  event: NotificationEvent;
  orderingKey: string;
  incidentId: string | null;
  payload: NotificationPayload;
  nextAttemptAt: Date;
}

/** NOTIFYed when deliveries are owed (on commit): dispatchers wake at once instead of at their next poll. */
export const DELIVERIES_CHANNEL = 'beacon_deliveries';

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
  const rules = await activeRules(manager);
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

async function activeRules(manager: EntityManager): Promise<Rule[]> {
  return manager.query(
    `SELECT r.id, r.target_id AS "targetId", r.service_ids AS "serviceIds", r.classifications::text[] AS classifications,
            r.levels::text[] AS levels, r.tenant_ids AS "tenantIds", r.events::text[] AS events,
            r.advisory_digest_minutes AS "digestMinutes", r.advisory_digest_at::text AS "digestAt",
            r.quiet_time_zone AS "timeZone"
     FROM notification_rules r JOIN notification_targets t ON t.id = r.target_id
     WHERE r.enabled AND t.enabled
     ORDER BY r.created_at, r.id`,
  );
}

/** A target's newest delivery for one ordering key: what it was last told, and that delivery's id. */
export interface Told {
  deliveryId: string;
  payload: NotificationPayload;
}

/** Each target's newest delivery for each ordering key (keyed `target|ordering key`). */
export async function lastTold(
  manager: EntityManager,
  targetIds: string[],
  orderingKeys: string[],
): Promise<Map<string, Told>> {
  // By target first: the outbox's (target, ordering key, id) index answers it.
  const rows: Array<{ id: string; target_id: string; ordering_key: string; payload: NotificationPayload }> =
    await manager.query(
      `SELECT DISTINCT ON (target_id, ordering_key) id, target_id, ordering_key, payload
       FROM notification_deliveries WHERE target_id = ANY($1::uuid[]) AND ordering_key = ANY($2)
       ORDER BY target_id, ordering_key, id DESC`,
      [[...new Set(targetIds)], orderingKeys],
    );
  return new Map(
    rows.map((row) => [`${row.target_id}|${row.ordering_key}`, { deliveryId: row.id, payload: row.payload }]),
  );
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
        previous ? { incident: previous.incident, updateId: previous.update?.id ?? null } : null,
        incident,
        update?.id ?? null,
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
  const rows: Array<{
    id: string;
    reference: string;
    title: string;
    service_id: string | null;
    service_name: string | null;
    classification: IncidentClassification;
    status: string;
    level: HealthLevel;
    is_resolved: boolean;
    provisional: boolean;
    started_at: Date | null;
    ended_at: Date | null;
    tenant_ids: string[];
    update: { id: string; channel: string; posted_at: string; text: string } | null;
  }> = await manager.query(
    `SELECT i.id, i.reference, i.title, i.service_id, coalesce(i.service_name, s.name) AS service_name,
            i.classification, i.status, i.level, i.is_resolved, i.provisional, i.started_at, i.ended_at,
            ARRAY(SELECT tenant_id FROM incident_tenants t WHERE t.incident_id = i.id ORDER BY tenant_id) AS tenant_ids,
            (SELECT to_jsonb(u) FROM (
               SELECT id, channel, posted_at, text FROM incident_updates
               WHERE incident_id = i.id ORDER BY posted_at DESC, id DESC LIMIT 1) u) AS update
     FROM incidents i LEFT JOIN services s ON s.id = i.service_id
     WHERE i.id = ANY($1::uuid[])
     ORDER BY i.first_seen_at, i.id`,
    [ids],
  );
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
  const rows: Array<{
    tenant_id: string;
    service_id: string;
    name: string;
    level: HealthLevel;
    status: string;
    channel: string;
    changed_at: Date;
    before: StatusState | null;
  }> = await manager.query(
    `SELECT s.tenant_id, s.service_id, sv.name, s.level, s.status, s.channel, s.changed_at,
            (SELECT jsonb_build_object('level', c.level, 'status', c.status) FROM service_status_changes c
             WHERE c.tenant_id = s.tenant_id AND c.service_id = s.service_id
             ORDER BY c.changed_at DESC, c.id DESC OFFSET 1 LIMIT 1) AS before
     FROM service_statuses s JOIN services sv ON sv.id = s.service_id
     JOIN unnest($1::text[], $2::text[]) AS c(tenant_id, service_id)
       ON c.tenant_id = s.tenant_id AND c.service_id = s.service_id
     ORDER BY s.tenant_id, s.service_id`,
    [changes.map((c) => c.tenantId), changes.map((c) => c.serviceId)],
  );
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
  const names: Array<{ id: string; name: string }> = await manager.query(
    'SELECT id, name FROM services WHERE id = ANY($1)',
    [known.map((change) => change.serviceId)],
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
 * Inserts in one statement; a delivery whose key is already owed is skipped. Dispatchers hear of new ones
 * on commit (DELIVERIES_CHANNEL). How many were new.
 */
export async function insertDeliveries(manager: EntityManager, deliveries: Delivery[]): Promise<number> {
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
