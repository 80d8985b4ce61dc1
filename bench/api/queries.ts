import { BENCH_TENANT, SEARCH_TEXT } from './seed.js';

/**
 * One measured query, as Beacon's schema asks it and as close as PostGraphile's generated schema allows.
 * `signature` reduces an answer to what both must agree on (ids, counts) before anything is measured.
 */
export interface BenchQuery {
  name: string;
  beacon: string;
  postgraphile: string;
  signature(server: 'beacon' | 'postgraphile', data: unknown): string;
}

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const body = (query: string) => JSON.stringify({ query });

export const QUERIES: BenchQuery[] = [
  {
    name: 'overview',
    beacon: body(`{ overview { generatedAt degradedMode adminCenterReachable worstLevel activeIncidentCount
      sources { channel tenantId state lastAttemptAt lastSuccessAt consecutiveFailures lastError nextAttemptAt } } }`),
    // PostGraphile has no dashboard: the same figures, read from the same tables in one request.
    postgraphile: body(`{
      active: allIncidents(condition: { isResolved: false }) { totalCount }
      statuses: allServiceStatuses(condition: { tenantId: "${BENCH_TENANT}" }) { nodes { level } }
      adminCenter: allServiceEvidences(condition: { serviceId: "OSDPPlatform", channel: STATUS_SITE }) { nodes { level status } }
      allSources { nodes { channel tenantId state lastAttemptAt lastSuccessAt consecutiveFailures lastError nextAttemptAt } } }`),
    signature: (server, data: Data) =>
      server === 'beacon'
        ? `${data.overview.activeIncidentCount}/${data.overview.sources.length}`
        : `${data.active.totalCount}/${data.allSources.nodes.length}`,
  },
  {
    name: 'services',
    beacon: body('{ services { id name status { level status channel observedAt stale } } }'),
    postgraphile: body(`{ allServiceStatuses(condition: { tenantId: "${BENCH_TENANT}" }) {
      nodes { serviceByServiceId { rowId name } level status channel observedAt stale } } }`),
    signature: (server, data: Data) =>
      (server === 'beacon'
        ? data.services.map((s: Data) => s.id)
        : data.allServiceStatuses.nodes.map((s: Data) => s.serviceByServiceId.rowId)
      )
        .sort()
        .join(','),
  },
  {
    name: 'incidents(first: 50) + updates',
    beacon: body(`{ incidents(first: 50) { pageInfo { hasNextPage endCursor } edges { cursor node {
      id title serviceName status level isResolved startedAt endedAt lastUpdatedAt
      updates { id channel postedAt text kind } } } } }`),
    postgraphile: body(`{ allIncidents(first: 50, orderBy: [LAST_UPDATED_AT_DESC, REFERENCE_DESC]) {
      pageInfo { hasNextPage endCursor } edges { cursor node {
      reference title serviceName status level isResolved startedAt endedAt lastUpdatedAt
      incidentUpdatesByIncidentId(orderBy: [POSTED_AT_ASC]) { nodes { rowId channel postedAt text kind } } } } } }`),
    signature: (server, data: Data) =>
      server === 'beacon'
        ? data.incidents.edges.map((e: Data) => `${e.node.id}:${e.node.updates.length}`).join(',')
        : data.allIncidents.edges
            .map((e: Data) => `${e.node.reference}:${e.node.incidentUpdatesByIncidentId.nodes.length}`)
            .join(','),
  },
  {
    name: 'full-text search',
    beacon: body(
      `{ incidents(first: 20, filter: { search: "${SEARCH_TEXT}" }) { edges { node { id title lastUpdatedAt } } } }`,
    ),
    postgraphile: body(
      `{ benchSearchIncidents(q: "${SEARCH_TEXT}", first: 20) { edges { node { reference title lastUpdatedAt } } } }`,
    ),
    signature: (server, data: Data) =>
      (server === 'beacon'
        ? data.incidents.edges.map((e: Data) => e.node.id)
        : data.benchSearchIncidents.edges.map((e: Data) => e.node.reference)
      ).join(','),
  },
];
