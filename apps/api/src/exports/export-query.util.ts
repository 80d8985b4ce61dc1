import { CHANNELS, type Channel, INCIDENT_CLASSIFICATIONS, type IncidentClassification } from '#domain';
import { badUserInput } from '../errors/api.error.js';
import type { IncidentFilterInput } from '../incidents/incident-filter.input.js';
import { STATISTICS_GROUPINGS, type StatisticsGrouping } from '../statistics/statistics.model.js';

/** A query string as Fastify parses it: a repeated parameter is an array. */
export type QueryString = Record<string, string | string[] | undefined>;

const FILTER_PARAMETERS = [
  'tenantId',
  'serviceIds',
  'active',
  'classification',
  'channel',
  'from',
  'to',
  'search',
];

/**
 * The export's query string as the `IncidentFilter` of GraphQL (`?serviceIds=Exchange,microsoftteams&active=false`),
 * validated as strictly as GraphQL would: an unknown parameter is a typo, not something to ignore.
 */
export function exportQuery(
  query: QueryString,
  extra: readonly string[],
): { filter: IncidentFilterInput; value: (name: string) => string | undefined } {
  const known = new Set([...FILTER_PARAMETERS, ...extra]);
  for (const name of Object.keys(query)) {
    if (!known.has(name))
      throw badUserInput(`unknown parameter "${name.slice(0, 50)}"; known: ${[...known].join(', ')}`, name);
  }
  const value = (name: string): string | undefined => {
    const given = query[name];
    if (Array.isArray(given)) throw badUserInput(`${name}: give it once`, name);
    return given;
  };
  const list = (name: string): string[] | null => {
    const given = query[name];
    if (given === undefined) return null;
    return (Array.isArray(given) ? given : [given])
      .flatMap((part) => part.split(','))
      .filter((id) => id !== '');
  };
  return {
    value,
    filter: {
      tenantId: value('tenantId') ?? null,
      serviceIds: list('serviceIds'),
      active: booleanOf(value('active'), 'active'),
      classification: oneOf<IncidentClassification>(
        value('classification'),
        INCIDENT_CLASSIFICATIONS,
        'classification',
      ),
      channel: oneOf<Channel>(value('channel'), CHANNELS, 'channel'),
      from: dateOf(value('from'), 'from'),
      to: dateOf(value('to'), 'to'),
      search: value('search') ?? null,
    },
  };
}

export function groupingOf(value: string | undefined): StatisticsGrouping {
  if (value === undefined)
    throw badUserInput(`groupBy is required: one of ${STATISTICS_GROUPINGS.join(', ')}`, 'groupBy');
  return oneOf<StatisticsGrouping>(value, STATISTICS_GROUPINGS, 'groupBy')!;
}

export function booleanOf(value: string | undefined, name: string): boolean | null {
  if (value === undefined) return null;
  if (value === 'true' || value === 'false') return value === 'true';
  throw badUserInput(`${name}: true or false`, name);
}

function oneOf<T extends string>(value: string | undefined, values: readonly T[], name: string): T | null {
  if (value === undefined) return null;
  if ((values as readonly string[]).includes(value)) return value as T;
  throw badUserInput(`${name}: one of ${values.join(', ')}`, name);
}

/** ISO 8601 with a zone, as the DateTime scalar accepts. */
function dateOf(value: string | undefined, name: string): Date | null {
  if (value === undefined) return null;
  const date = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(value)
    ? new Date(value)
    : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw badUserInput(`${name}: an ISO 8601 date-time with its offset, e.g. 2026-11-23T20:00:00Z`, name);
  }
  return date;
}
