export const INCIDENT_CLASSIFICATIONS = ['INCIDENT', 'ADVISORY', 'UNKNOWN'] as const;
export type IncidentClassification = (typeof INCIDENT_CLASSIFICATIONS)[number];

/** Graph's `classification` words; `unknownFutureValue` and anything else are UNKNOWN. */
const CLASSIFICATION_BY_WORD = new Map<string, IncidentClassification>([
  ['incident', 'INCIDENT'],
  ['advisory', 'ADVISORY'],
]);

/** Graph's classification in any casing (`incident`, `Advisory`, …). */
export function classificationOf(word: string | null | undefined): IncidentClassification {
  return word == null ? 'UNKNOWN' : (CLASSIFICATION_BY_WORD.get(word.trim().toLowerCase()) ?? 'UNKNOWN');
}
