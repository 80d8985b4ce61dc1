import { isGraphFresh } from '#domain';
import type { Principal } from '../auth/principal.js';
import type { GraphqlContext } from '../graphql/graphql.context.js';
import type { IncidentModel } from '../incidents/incident.model.js';
import type { OverviewModel } from '../overview/overview.model.js';
import type { ServiceModel } from '../services/service.model.js';

/**
 * How long an answer may be kept when no change notice says it changed, in ms. Notices cover what
 * subscribers see (incidents, service levels, words, channels, freshness); a status confirmed again (its
 * `observedAt`) or a sighting seen again is not announced, so nothing is kept longer than the
 * correlator's own status refresh (5 s). The overview also shows the sources' health, which every poll
 * writes without a notice, and Graph's freshness, which time alone changes: it is kept at most 1 s.
 */
export const MAX_AGE_MS = { default: 5_000, overview: 1_000 };

/** What a field's answer depends on, besides its arguments and the data: read by the key. */
export interface CachedField {
  /** The parent object's identity (its id and whose view it is); null for root fields. */
  parent: (self: unknown) => unknown;
  maxAgeMs: number;
  /** Whether an answer computed now is still true at `until` (false: it is not kept). */
  trueUntil?: (result: unknown, until: Date) => boolean;
}

const root = (maxAgeMs = MAX_AGE_MS.default): CachedField => ({ parent: () => null, maxAgeMs });
const incident = (self: unknown) => [(self as IncidentModel).key, (self as IncidentModel).scope];
const service = (self: unknown) => [(self as ServiceModel).id, (self as ServiceModel).scope];
const nested = (parent: (self: unknown) => unknown): CachedField => ({
  parent,
  maxAgeMs: MAX_AGE_MS.default,
});

/**
 * The answers kept, by type and field: the reads of the status page and of frontends (overview, services,
 * incident pages and search, an incident with its updates). Not kept: messages and sources (their
 * changes are not announced), statistics and keys (other rules of access, rarely read). `sources` is kept
 * as long as the overview, which shows the same health.
 */
export function cachedFields(graphStaleSeconds: number): Record<string, Record<string, CachedField>> {
  return {
    Query: {
      overview: {
        ...root(MAX_AGE_MS.overview),
        // Degraded mode turns on when Graph's last success grows older than GRAPH_STALE_SECONDS.
        trueUntil: (result, until) => {
          const graph = (result as OverviewModel).sources.find(
            (source) => source.channel === 'GRAPH' && source.tenantId !== null,
          );
          return (
            graph === undefined ||
            isGraphFresh(graph.lastSuccessAt, until, graphStaleSeconds) ===
              isGraphFresh(graph.lastSuccessAt, new Date(), graphStaleSeconds)
          );
        },
      },
      services: root(),
      service: root(),
      incidents: root(),
      incident: root(),
      // Sources' health is written by every poll without a notice, as the overview's part of it is.
      sources: root(MAX_AGE_MS.overview),
    },
    Incident: {
      updates: nested(incident),
      sightings: nested(incident),
      aliases: nested(incident),
      tenantIds: nested(incident),
      service: nested(incident),
    },
    Service: { activeIncidents: nested(service) },
  };
}

/**
 * Fields a whole answer (response-cache.ts) may hold besides the kept ones: computed from their parent's
 * answer alone (a page's count is read with the page's criteria, which the page's key holds).
 */
export const DERIVED_FIELDS: Record<string, string[]> = { IncidentConnection: ['totalCount'] };

/**
 * The tenant view of the caller: what its key may read (its tenants, or every tenant) and its role. Two
 * callers share an answer only when both are equal, so no key ever reads what another view was given.
 */
export function viewOf(context: GraphqlContext): string {
  return viewOfPrincipal(context.principal);
}

export function viewOfPrincipal(principal: Principal): string {
  const tenants = principal.tenantIds === null ? '*' : [...principal.tenantIds].sort();
  return JSON.stringify([principal.role, tenants]);
}
