/**
 * Rows as one array per column, the parameters of `SELECT … FROM unnest($1::type[], $2::type[], …)`: one
 * parameter per column however many rows (PostgreSQL takes at most 65,535), and typed arrays cost PostgreSQL
 * about half the CPU of the same rows sent as one JSON document for `jsonb_to_recordset` (docs/benchmarks.md,
 * "Ingestion"). Give dates as ISO text: pg would write a `Date` in the process's time zone.
 */
export function unnestColumns<Row>(
  rows: readonly Row[],
  columns: ReadonlyArray<(row: Row) => string | number | boolean | null>,
): Array<Array<string | number | boolean | null>> {
  return columns.map((column) => rows.map(column));
}
