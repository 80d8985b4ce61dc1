/**
 * A position in a list sorted newest first by (time, id): the time as PostgreSQL holds it (UTC,
 * microseconds), so that the next page starts exactly after the last row, never skipping or repeating one.
 */
export interface KeysetPosition {
  time: string;
  id: string;
}

/** The SQL that renders a timestamptz column as a cursor time (see KeysetPosition). */
export function cursorTimeSql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
