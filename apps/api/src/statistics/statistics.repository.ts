import { CHANNELS, type Channel } from '#domain';
import { Injectable } from '@nestjs/common';
import { SqlParams } from '../database/sql-params.util.js';
import { SqlReader } from '../database/sql.reader.js';
import { type IncidentCriteria, IncidentsRepository } from '../incidents/incidents.repository.js';
import { CHOSEN_COLUMNS, incidentFactsSql } from './incident-facts.sql.js';
import type { StatisticsGrouping } from './statistics.model.js';

/** A duration summary as the statement gives it (see `summary`). */
export interface SummaryColumns {
  count: number;
  p50: number | null;
  p90: number | null;
  max: number | null;
}

/** One group's figures, flat as the statement returns them; `total` marks the row over every incident. */
export interface StatisticsRow {
  total: boolean;
  key: string | null;
  label: string | null;
  incidentCount: number;
  timeToResolve: SummaryColumns;
  firstWord: Record<Channel, number>;
  graphLag: SummaryColumns;
  fallbackOnly: SummaryColumns;
  neverOnGraph: number;
  reviews: number;
  promises: { count: number; kept: number; late: number; unanswered: number; pending: number };
  lateness: SummaryColumns;
}

/** The group key and its label, per grouping; months and weeks in UTC, weeks by ISO 8601. */
const GROUP_KEY: Record<StatisticsGrouping, { key: string; label: string }> = {
  SERVICE: { key: 'f.service_id', label: 'f.service_name' },
  FEATURE_GROUP: { key: 'f.feature_group', label: 'f.feature_group' },
  CLASSIFICATION: { key: 'f.classification::text', label: 'f.classification::text' },
  MONTH: { key: startedIn('YYYY-MM'), label: startedIn('YYYY-MM') },
  WEEK: { key: startedIn('IYYY-"W"IW'), label: startedIn('IYYY-"W"IW') },
  ORIGIN_CHANNEL: { key: 'f.first_channel::text', label: 'f.first_channel::text' },
};

function startedIn(format: string): string {
  return `to_char(coalesce(f.started_at, f.first_seen_at) AT TIME ZONE 'UTC', '${format}')`;
}

/**
 * Incident statistics in one statement over the incidents' own rows, sightings and updates (each read by
 * its index on the incident id), grouped with a grand total (GROUPING SETS), so that the total and the
 * groups come from the same facts.
 */
@Injectable()
export class StatisticsRepository {
  constructor(
    private readonly sql: SqlReader,
    private readonly incidents: IncidentsRepository,
  ) {}

  async statistics(criteria: IncidentCriteria, groupBy: StatisticsGrouping): Promise<StatisticsRow[]> {
    const params = new SqlParams();
    const { join, conditions } = this.incidents.filter(criteria, params);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const { key, label } = GROUP_KEY[groupBy];
    const rows = await this.sql.rows<Record<string, unknown>>(
      `${incidentFactsSql(`SELECT ${CHOSEN_COLUMNS} FROM incidents i ${join} ${where}`)},
      keyed AS (SELECT f.*, ${key} AS group_key, ${label} AS group_label FROM facts f),
      by_incident AS (
        SELECT grouping(k.group_key) = 1 AS total, k.group_key AS key, min(k.group_label) AS label,
          count(*)::int AS incident_count,
          ${summary('k.duration_seconds', 'ttr')},
          ${CHANNELS.map((channel) => `count(*) FILTER (WHERE k.first_channel = '${channel}')::int AS "first_${channel}"`).join(',\n')},
          ${summary('k.graph_lag_seconds', 'lag')},
          ${summary('k.fallback_only_seconds', 'alone')},
          count(*) FILTER (WHERE k.never_on_graph)::int AS never_on_graph,
          count(*) FILTER (WHERE k.post_incident_report_available)::int AS reviews
        FROM keyed k GROUP BY GROUPING SETS ((k.group_key), ())),
      by_promise AS (
        SELECT grouping(k.group_key) = 1 AS total, k.group_key AS key, count(*)::int AS promise_count,
          count(*) FILTER (WHERE p.outcome = 'KEPT')::int AS kept,
          count(*) FILTER (WHERE p.outcome = 'LATE')::int AS late,
          count(*) FILTER (WHERE p.outcome = 'UNANSWERED')::int AS unanswered,
          count(*) FILTER (WHERE p.outcome = 'PENDING')::int AS pending,
          ${summary('p.late_seconds', 'lateness')}
        FROM promises p JOIN keyed k ON k.id = p.id GROUP BY GROUPING SETS ((k.group_key), ()))
      SELECT b.*, p.promise_count, p.kept, p.late, p.unanswered, p.pending, p.lateness_count,
        p.lateness_p50, p.lateness_p90, p.lateness_max
      FROM by_incident b
      LEFT JOIN by_promise p ON p.total = b.total AND p.key IS NOT DISTINCT FROM b.key
      ORDER BY b.total DESC, b.key NULLS LAST`,
      params.values,
    );
    return rows.map(toStatisticsRow);
  }
}

/** count, p50, p90 and max of a duration, as `<prefix>_count` … columns (NULLs are left out). */
function summary(expression: string, prefix: string): string {
  return `count(${expression})::int AS ${prefix}_count,
    percentile_disc(0.5) WITHIN GROUP (ORDER BY ${expression}) AS ${prefix}_p50,
    percentile_disc(0.9) WITHIN GROUP (ORDER BY ${expression}) AS ${prefix}_p90,
    max(${expression}) AS ${prefix}_max`;
}

function summaryOf(row: Record<string, unknown>, prefix: string): SummaryColumns {
  return {
    count: (row[`${prefix}_count`] as number | null) ?? 0,
    p50: row[`${prefix}_p50`] as number | null,
    p90: row[`${prefix}_p90`] as number | null,
    max: row[`${prefix}_max`] as number | null,
  };
}

function toStatisticsRow(row: Record<string, unknown>): StatisticsRow {
  const count = (column: string) => (row[column] as number | null) ?? 0;
  return {
    total: row.total as boolean,
    key: row.key as string | null,
    label: row.label as string | null,
    incidentCount: count('incident_count'),
    timeToResolve: summaryOf(row, 'ttr'),
    firstWord: Object.fromEntries(CHANNELS.map((channel) => [channel, count(`first_${channel}`)])) as Record<
      Channel,
      number
    >,
    graphLag: summaryOf(row, 'lag'),
    fallbackOnly: summaryOf(row, 'alone'),
    neverOnGraph: count('never_on_graph'),
    reviews: count('reviews'),
    promises: {
      count: count('promise_count'),
      kept: count('kept'),
      late: count('late'),
      unanswered: count('unanswered'),
      pending: count('pending'),
    },
    lateness: summaryOf(row, 'lateness'),
  };
}
