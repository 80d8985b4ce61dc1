import type { HealthLevel, IncidentClassification } from '#domain';
import type { NotificationEvent } from '#persistence';
import { badUserInput } from '../errors/api.error.js';
import type { NotificationRuleSettingsInput } from './notification-rule.models.js';

/** A rule's columns as stored (NotificationRuleEntity, without ids and dates). */
export interface RuleSettings {
  events: NotificationEvent[];
  serviceIds: string[] | null;
  classifications: IncidentClassification[] | null;
  levels: HealthLevel[] | null;
  tenantIds: string[] | null;
  sourceDownMinutes: number;
  quietFrom: string | null;
  quietUntil: string | null;
  quietTimeZone: string;
  advisoryDigestMinutes: number | null;
  /** HH:MM, local time of `quietTimeZone` (the rule's time zone): when each day's digest periods start. */
  advisoryDigestAt: string | null;
  holdSeconds: number | null;
  enabled: boolean;
}

export const DEFAULT_RULE: Omit<RuleSettings, 'events'> = {
  serviceIds: null,
  classifications: null,
  levels: null,
  tenantIds: null,
  sourceDownMinutes: 15,
  quietFrom: null,
  quietUntil: null,
  quietTimeZone: 'UTC',
  advisoryDigestMinutes: null,
  advisoryDigestAt: null,
  holdSeconds: null,
  enabled: true,
};

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const MAX_LIST = 100;

/**
 * A rule's settings from an input, on top of `current` (the stored rule, or the defaults): a field left
 * out is kept, null clears a filter (everything matches) or an option. `tenants` are the configured ones.
 */
export function ruleSettings(
  input: NotificationRuleSettingsInput & { events?: NotificationEvent[] | null },
  current: RuleSettings | (Omit<RuleSettings, 'events'> & { events?: undefined }),
  tenants: readonly string[],
): RuleSettings {
  const next = { ...current };
  if (input.events !== undefined) next.events = events(input.events);
  if (input.serviceIds !== undefined) next.serviceIds = idList(input.serviceIds, 'serviceIds');
  if (input.classifications !== undefined)
    next.classifications = enumList(input.classifications, 'classifications');
  if (input.levels !== undefined) next.levels = enumList(input.levels, 'levels');
  if (input.tenantIds !== undefined) next.tenantIds = tenantIds(input.tenantIds, tenants);
  if (input.sourceDownMinutes !== undefined) {
    next.sourceDownMinutes = bounded(
      input.sourceDownMinutes ?? DEFAULT_RULE.sourceDownMinutes,
      1,
      1440,
      'sourceDownMinutes',
    );
  }
  if (input.advisoryDigestMinutes !== undefined) {
    next.advisoryDigestMinutes =
      input.advisoryDigestMinutes === null
        ? null
        : bounded(input.advisoryDigestMinutes, 5, 1440, 'advisoryDigestMinutes');
  }
  if (input.advisoryDigestAt !== undefined) {
    next.advisoryDigestAt =
      input.advisoryDigestAt === null ? null : clockTime(input.advisoryDigestAt, 'advisoryDigestAt');
  }
  if (input.holdSeconds !== undefined) {
    next.holdSeconds = input.holdSeconds === null ? null : bounded(input.holdSeconds, 0, 3600, 'holdSeconds');
  }
  if (input.timeZone !== undefined) next.quietTimeZone = timeZone(input.timeZone ?? 'UTC', 'timeZone');
  if (input.quietHours !== undefined) Object.assign(next, quietHours(input.quietHours, input.timeZone));
  if (input.enabled != null) next.enabled = input.enabled;
  if (next.events === undefined) throw badUserInput('a rule needs events', 'events');
  return next as RuleSettings;
}

function events(list: NotificationEvent[] | null): NotificationEvent[] {
  const unique = [...new Set(list ?? [])];
  if (unique.length === 0) throw badUserInput('a rule needs at least one event', 'events');
  if (unique.includes('test'))
    throw badUserInput('TEST is the "send a test" action, not a rule event', 'events');
  return unique;
}

function idList(list: string[] | null, argument: string): string[] | null {
  if (list === null) return null;
  const ids = [...new Set(list.map((id) => id.trim()))];
  if (ids.length === 0 || ids.length > MAX_LIST || ids.some((id) => id === '' || id.length > 200)) {
    throw badUserInput(`${argument}: give 1 to ${MAX_LIST} ids, or null for all`, argument);
  }
  return ids;
}

function enumList<T extends string>(list: T[] | null, argument: string): T[] | null {
  if (list === null) return null;
  if (list.length === 0) throw badUserInput(`${argument}: give at least one, or null for all`, argument);
  return [...new Set(list)];
}

function tenantIds(list: string[] | null, tenants: readonly string[]): string[] | null {
  const ids = idList(list, 'tenantIds');
  const unknown = ids?.filter((id) => !tenants.includes(id)) ?? [];
  if (unknown.length > 0) {
    throw badUserInput(
      `not a configured tenant: ${unknown.map((id) => id.slice(0, 100)).join(', ')}` +
        (tenants.length ? ` (configured: ${tenants.join(', ')})` : ''),
      'tenantIds',
    );
  }
  return ids;
}

function bounded(value: number, min: number, max: number, argument: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badUserInput(`${argument} must be ${min} to ${max}`, argument);
  }
  return value;
}

/**
 * Quiet hours; their time zone, when given, is the rule's (it must then agree with `timeZone`, if that is
 * given too). Null clears them and keeps the rule's time zone (the digest's too).
 */
function quietHours(
  input: NotificationRuleSettingsInput['quietHours'],
  ruleTimeZone: string | null | undefined,
): Partial<Pick<RuleSettings, 'quietFrom' | 'quietUntil' | 'quietTimeZone'>> {
  if (input == null) return { quietFrom: null, quietUntil: null };
  const quietFrom = clockTime(input.from, 'quietHours.from');
  const quietUntil = clockTime(input.until, 'quietHours.until');
  if (quietFrom === quietUntil) throw badUserInput('quietHours must not start when they end', 'quietHours');
  if (input.timeZone == null) return { quietFrom, quietUntil };
  if (ruleTimeZone != null && ruleTimeZone !== input.timeZone) {
    throw badUserInput(
      'quietHours.timeZone and timeZone differ: give the time zone once',
      'quietHours.timeZone',
    );
  }
  return { quietFrom, quietUntil, quietTimeZone: timeZone(input.timeZone, 'quietHours.timeZone') };
}

function clockTime(value: string, argument: string): string {
  if (!CLOCK_TIME.test(value)) throw badUserInput(`${argument} must be HH:MM, e.g. 22:00`, argument);
  return value;
}

function timeZone(value: string, argument: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
  } catch {
    throw badUserInput(`${argument}: ${value.slice(0, 60)} is not an IANA time zone`, argument);
  }
  return value;
}
