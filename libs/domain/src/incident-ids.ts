/** semantics.md: ids grew from 6 to 7 digits, so 5 to 8; `\b` keeps ids inside longer tokens out. */
const INCIDENT_ID = /\b[A-Z]{2}\d{5,8}\b/g;
/** Message-center posts (`MC172851`) share the shape but are not incidents. */
const MESSAGE_CENTER_PREFIX = 'MC';

/** Every incident id a text cites, once each, in order of appearance. */
export function extractIncidentIds(text: string | null | undefined): string[] {
  const ids = (text ?? '').match(INCIDENT_ID) ?? [];
  return [...new Set(ids.filter((id) => !id.startsWith(MESSAGE_CENTER_PREFIX)))];
}

/** Whether the whole value is a Microsoft incident id (`EX1234567`), as opposed to one of Beacon's own. */
export function isIncidentId(value: string): boolean {
  const ids = extractIncidentIds(value);
  return ids.length === 1 && ids[0] === value;
}
