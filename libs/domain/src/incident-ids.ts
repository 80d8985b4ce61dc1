/** semantics.md: ids grew from 6 to 7 digits, so 5 to 8; `\b` keeps ids inside longer tokens out. */
const INCIDENT_ID = /\b[A-Z]{2}\d{5,8}\b/g;
/**
 * Prefixes of ids that share the shape but are not incidents: message-center posts (`MC172851`) and
 * Windows knowledge-base articles (`KB5034441`, an update's number).
 */
const NOT_INCIDENT_PREFIXES = ['MC', 'KB'];

/** Every incident id a text cites, once each, in order of appearance. */
export function extractIncidentIds(text: string | null | undefined): string[] {
  const ids = (text ?? '').match(INCIDENT_ID) ?? [];
  return [...new Set(ids.filter((id) => !NOT_INCIDENT_PREFIXES.some((prefix) => id.startsWith(prefix))))];
}

/** Whether the whole value is a Microsoft incident id (`EX1234567`), as opposed to one of Beacon's own. */
export function isIncidentId(value: string): boolean {
  const ids = extractIncidentIds(value);
  return ids.length === 1 && ids[0] === value;
}
