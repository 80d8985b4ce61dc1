import {
  NotificationRulesRepository,
  NotificationSubjectsRepository,
  type NotificationEvent,
  type OutageNotificationRule,
  type SourceSubjectRow,
} from '#persistence';
import type { EntityManager } from 'typeorm';
import type { DegradedModePayload, SourceHealthPayload } from './notification-payload.js';
import {
  degradedSince,
  episodeTransitions,
  sourceDownSince,
  type ToldEpisode,
} from './outage-transitions.js';
import { type Delivery, insertDeliveries, lastTold } from './outbox.js';

export interface OutageOptions {
  /** GRAPH_STALE_SECONDS: a tenant's Graph older than this is degraded mode. */
  staleSeconds: number;
  /** How long one of a rule's `sourceDownMinutes` lasts (a minute; tests shorten it). */
  sourceDownMinuteMs: number;
}

type OutageRule = OutageNotificationRule;
type SourceRow = SourceSubjectRow;

const rulesTable = new NotificationRulesRepository();
const subjectsTable = new NotificationSubjectsRepository();

export const degradedOrderingKey = (tenantId: string) => `degraded:${tenantId}`;
export const sourceOrderingKey = (sourceId: number) => `source:${sourceId}`;

/**
 * Owes the deliveries of degraded mode entered and left, and of a source down for longer than a rule's
 * `sourceDownMinutes` and back up: events no poll commits (a poll that does not happen is the news), so a
 * job looks at the stored instants. Each episode is named by the instant it began and each target's
 * deliveries by that instant (see episodeTransitions), so looking again, from any process or after a
 * restart, owes nothing twice; an end is owed only to a target that was told the beginning.
 */
export async function enqueueOutageNotifications(
  manager: EntityManager,
  now: Date,
  options: OutageOptions,
): Promise<number> {
  const rules = await rulesTable.outage(manager);
  if (rules.length === 0) return 0;
  const sources = await subjectsTable.sources(manager);
  const subjects = [
    ...sources
      .filter((source) => source.channel === 'GRAPH' && source.tenant_id !== null)
      .map((source) => degradedSubject(source, now, options)),
    ...sources.map((source) => sourceSubject(source, now, options)),
  ];
  const told = await lastTold(
    manager,
    rules.map((rule) => rule.targetId),
    subjects.map((subject) => subject.orderingKey),
  );
  const deliveries: Delivery[] = [];
  for (const [targetId, targetRules] of Map.groupBy(rules, (rule) => rule.targetId)) {
    for (const subject of subjects) {
      const covering = targetRules.filter(
        (rule) => rule.events.includes(subject.begins) && coversTenant(rule, subject.tenantId),
      );
      const rule = covering.toSorted((a, b) => a.sourceDownMinutes - b.sourceDownMinutes)[0];
      if (rule === undefined) continue;
      const payload = told.get(`${targetId}|${subject.orderingKey}`)?.payload;
      const transitions = episodeTransitions(
        payload ? subject.toldOf(payload) : null,
        subject.current(rule.sourceDownMinutes),
      );
      for (const transition of transitions) {
        const event = transition.active ? subject.begins : subject.ends;
        if (!targetRules.some((r) => r.events.includes(event) && coversTenant(r, subject.tenantId))) continue;
        deliveries.push({
          targetId,
          ruleId: rule.id,
          idempotencyKey: `${targetId}:${subject.orderingKey}:${transition.since}:${transition.active ? 'begun' : 'over'}`,
          event,
          orderingKey: subject.orderingKey,
          incidentId: null,
          payload: subject.payload(transition.active, transition.since),
          nextAttemptAt: now,
        });
      }
    }
  }
  return insertDeliveries(manager, deliveries);
}

/** One thing that has outage episodes (a tenant's degraded mode, a source), as this look found it. */
interface Subject {
  orderingKey: string;
  /** Null: a source every tenant depends on. */
  tenantId: string | null;
  begins: NotificationEvent;
  /** A source's return is announced to the rules of `source_down` (there is no event of its own). */
  ends: NotificationEvent;
  /** The episode going on now, to announce, for a rule's `sourceDownMinutes`. */
  current(downMinutes: number): string | null;
  toldOf(payload: unknown): ToldEpisode | null;
  payload(active: boolean, since: string): DegradedModePayload | SourceHealthPayload;
}

function degradedSubject(source: SourceRow, now: Date, options: OutageOptions): Subject {
  const tenantId = source.tenant_id as string;
  const since = degradedSince(source.last_success_at, now, options.staleSeconds);
  return {
    orderingKey: degradedOrderingKey(tenantId),
    tenantId,
    begins: 'degraded_entered',
    ends: 'degraded_left',
    current: () => since,
    toldOf: (payload) => {
      const told = payload as DegradedModePayload;
      return told.kind === 'degradedMode' ? { active: told.entered, since: told.since } : null;
    },
    payload: (entered, episode) => ({
      kind: 'degradedMode',
      tenantId,
      entered,
      since: episode,
      lastGraphSuccessAt: new Date(new Date(episode).getTime() - options.staleSeconds * 1000).toISOString(),
      detectedAt: now.toISOString(),
    }),
  };
}

function sourceSubject(source: SourceRow, now: Date, options: OutageOptions): Subject {
  return {
    orderingKey: sourceOrderingKey(source.id),
    tenantId: source.tenant_id,
    begins: 'source_down',
    ends: 'source_down',
    current: (minutes) =>
      source.state === 'DOWN'
        ? sourceDownSince(source.down_since, now, minutes * options.sourceDownMinuteMs)
        : null,
    toldOf: (payload) => {
      const told = payload as SourceHealthPayload;
      return told.kind === 'sourceHealth' ? { active: told.down, since: told.downSince } : null;
    },
    payload: (down, episode) => ({
      kind: 'sourceHealth',
      sourceId: source.id,
      channel: source.channel,
      tenantId: source.tenant_id,
      down,
      downSince: episode,
      lastError: source.last_error,
      lastSuccessAt: source.last_success_at?.toISOString() ?? null,
      detectedAt: now.toISOString(),
    }),
  };
}

/** A tenant's subject is for rules of that tenant; a source of every tenant (the status site, X) for all. */
function coversTenant(rule: OutageRule, tenantId: string | null): boolean {
  return rule.tenantIds === null || tenantId === null || rule.tenantIds.includes(tenantId);
}
