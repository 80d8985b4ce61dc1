import type { HealthLevel } from './health-level.js';

/** Graph's `serviceHealthStatus` enum, every value, spelt as Graph documents it. */
export const GRAPH_SERVICE_HEALTH_STATUSES = [
  'serviceOperational',
  'investigating',
  'restoringService',
  'verifyingService',
  'serviceRestored',
  'postIncidentReviewPublished',
  'serviceDegradation',
  'serviceInterruption',
  'extendedRecovery',
  'falsePositive',
  'investigationSuspended',
  'resolved',
  'mitigatedExternal',
  'mitigated',
  'resolvedExternal',
  'confirmed',
  'reported',
  'unknownFutureValue',
] as const;
export type GraphServiceHealthStatus = (typeof GRAPH_SERVICE_HEALTH_STATUSES)[number];

/** The status site's words, one spelling each (it also sends `Service degradation`, `Service restored`). */
export const STATUS_SITE_WORDS = [
  'Available',
  'Operational',
  'ServiceDegradation',
  'ServiceRestored',
  'Unknown',
] as const;
export type StatusSiteWord = (typeof STATUS_SITE_WORDS)[number];

/** semantics.md, "Health levels", as written there. */
export const HEALTH_LEVEL_WORDS: Record<
  HealthLevel,
  { graph: readonly GraphServiceHealthStatus[]; statusSite: readonly StatusSiteWord[] }
> = {
  OPERATIONAL: {
    graph: [
      'serviceOperational',
      'serviceRestored',
      'falsePositive',
      'postIncidentReviewPublished',
      'resolved',
      'resolvedExternal',
      'mitigated',
      'mitigatedExternal',
    ],
    statusSite: ['Available', 'Operational', 'ServiceRestored'],
  },
  INVESTIGATING: {
    graph: ['investigating', 'investigationSuspended', 'confirmed', 'reported'],
    statusSite: [],
  },
  DEGRADED: {
    graph: ['serviceDegradation', 'restoringService', 'verifyingService', 'extendedRecovery'],
    statusSite: ['ServiceDegradation'],
  },
  INTERRUPTED: { graph: ['serviceInterruption'], statusSite: [] },
  UNKNOWN: { graph: ['unknownFutureValue'], statusSite: ['Unknown'] },
};

/** The Graph word an incident carries when only the status site has spoken of it. */
export const STATUS_SITE_GRAPH_STATUS: Record<StatusSiteWord, GraphServiceHealthStatus> = {
  Available: 'serviceOperational',
  Operational: 'serviceOperational',
  ServiceDegradation: 'serviceDegradation',
  ServiceRestored: 'serviceRestored',
  Unknown: 'unknownFutureValue',
};

/** Words match case-insensitively and without spaces: `Service degradation` = `serviceDegradation`. */
function keyOf(word: string): string {
  return word.replace(/\s+/g, '').toLowerCase();
}

const GRAPH_BY_KEY = new Map<string, GraphServiceHealthStatus>(
  GRAPH_SERVICE_HEALTH_STATUSES.map((status) => [keyOf(status), status]),
);
const STATUS_SITE_BY_KEY = new Map<string, StatusSiteWord>(
  STATUS_SITE_WORDS.map((word) => [keyOf(word), word]),
);
const LEVEL_BY_KEY = new Map<string, HealthLevel>(
  Object.entries(HEALTH_LEVEL_WORDS).flatMap(([level, words]) =>
    [...words.graph, ...words.statusSite].map((word) => [keyOf(word), level as HealthLevel] as const),
  ),
);

/**
 * The Graph word for any known status word, in Graph's camelCase (`ServiceRestored` → `serviceRestored`);
 * for a word only the status site uses, the closest Graph word (`Available` → `serviceOperational`).
 * Null for anything unrecognised, such as the documentation's typo `ServicaOperational`.
 */
export function toGraphStatus(word: string | null | undefined): GraphServiceHealthStatus | null {
  if (word == null) return null;
  const key = keyOf(word);
  const graph = GRAPH_BY_KEY.get(key);
  if (graph) return graph;
  const statusSite = STATUS_SITE_BY_KEY.get(key);
  return statusSite ? STATUS_SITE_GRAPH_STATUS[statusSite] : null;
}

/** The status site's word in one spelling (`Service degradation` → `ServiceDegradation`); null if unknown. */
export function normaliseStatusSiteWord(word: string | null | undefined): StatusSiteWord | null {
  return word == null ? null : (STATUS_SITE_BY_KEY.get(keyOf(word)) ?? null);
}

/** The level of a Graph or status-site word; UNKNOWN, never OPERATIONAL, for anything unrecognised. */
export function healthLevelOf(word: string | null | undefined): HealthLevel {
  return word == null ? 'UNKNOWN' : (LEVEL_BY_KEY.get(keyOf(word)) ?? 'UNKNOWN');
}

/** Whether the word says the event is over: every word of the OPERATIONAL row. */
export function isResolvedStatus(word: string | null | undefined): boolean {
  return healthLevelOf(word) === 'OPERATIONAL';
}
