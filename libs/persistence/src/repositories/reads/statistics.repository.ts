import { CHANNELS, type Channel, HEALTH_LEVELS, type HealthLevel } from '#domain';
import { Injectable } from '@nestjs/common';
import { SqlParams } from './sql-params.util.js';
import { SqlReader } from './sql.reader.js';
import { type IncidentCriteria, IncidentsRepository } from './incidents.repository.js';
import { CHOSEN_COLUMNS, seconds } from './incident-facts.sql.js';

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
  reviewDaysAfterEnd: SummaryColumns;
  /** Per level: the incidents that spent time at it and how long (`summary`), and the seconds of them all. */
  timeAtLevel: Array<{ level: HealthLevel; seconds: SummaryColumns; totalSeconds: number }>;
  promises: { count: number; kept: number; late: number; unanswered: number; pending: number };
  lateness: SummaryColumns;
}

/** What incident statistics can be grouped by (the GraphQL enum of the same name). */
export const STATISTICS_GROUPINGS = [
  'SERVICE',
  'FEATURE_GROUP',
  'CLASSIFICATION',
  'MONTH',
  'WEEK',
  'ORIGIN_CHANNEL',
] as const;
export type StatisticsGrouping = (typeof STATISTICS_GROUPINGS)[number];

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

function levelColumn(level: HealthLevel): string {
  return `level_${level.toLowerCase()}`;
}

/** Each level's seconds as read now: the kept sum, plus the span still running for an open incident. */
const LEVEL_SECONDS = HEALTH_LEVELS.map(
  (level) =>
    `f.${level.toLowerCase()}_seconds + CASE WHEN f.level_now = '${level}'
      THEN greatest(0, extract(epoch FROM now() - f.level_since)::float8) ELSE 0 END AS ${levelColumn(level)}`,
).join(',\n');

/**
 * The chosen incidents' facts as of now, from `incident_facts`: a `WITH` list ending in `facts`, one row
 * per incident with the columns of `incidentFactsSql`'s facts, promises and levels that statistics sum up
 * (test/integration/statistics holds the two equal).
 */
export function storedFactsSql(chosen: string): string {
  return `WITH chosen AS (${chosen}),
      facts AS (
        SELECT c.*, f.first_channel, f.graph_lag_seconds, f.fallback_only_seconds, f.never_on_graph,
          f.promise_count, f.kept_count, f.late_count, f.late_seconds,
          -- open_promises is sorted: how many came before now (by a microsecond, the clock's grain).
          width_bucket(now() - interval '1 microsecond', f.open_promises) AS unanswered_count,
          cardinality(f.open_promises) - width_bucket(now() - interval '1 microsecond', f.open_promises)
            AS pending_count,
          CASE WHEN c.is_resolved AND c.ended_at IS NOT NULL
            THEN ${seconds('c.ended_at - coalesce(c.started_at, c.first_seen_at)')} END AS duration_seconds,
          ${seconds('f.review_published_at - c.ended_at')} / 86400 AS review_days_after_end,
          ${LEVEL_SECONDS}
        FROM chosen c JOIN incident_facts f ON f.incident_id = c.id)`;
}

/**
 * Incident statistics in one statement over the chosen incidents' rows and their kept facts
 * (`incident_facts`: one row each, read by primary key), grouped with a grand total (GROUPING SETS), so
 * that the total and the groups come from the same facts. What depends on the time of reading is decided
 * here: whether an open promise is unanswered yet, and how long an open incident has been at its level.
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
      `${storedFactsSql(`SELECT ${CHOSEN_COLUMNS} FROM incidents i ${join} ${where}`)},
      keyed AS NOT MATERIALIZED (SELECT f.*, ${key} AS group_key, ${label} AS group_label FROM facts f),
      by_incident AS (
        SELECT grouping(k.group_key) = 1 AS total, k.group_key AS key, min(k.group_label) AS label,
          count(*)::int AS incident_count,
          ${summary('k.duration_seconds', 'ttr')},
          ${CHANNELS.map((channel) => `count(*) FILTER (WHERE k.first_channel = '${channel}')::int AS "first_${channel}"`).join(',\n')},
          ${summary('k.graph_lag_seconds', 'lag')},
          ${summary('k.fallback_only_seconds', 'alone')},
          count(*) FILTER (WHERE k.never_on_graph)::int AS never_on_graph,
          count(*) FILTER (WHERE k.post_incident_report_available)::int AS reviews,
          ${summary('k.review_days_after_end', 'review_days')},
          sum(k.promise_count)::int AS promise_count, sum(k.kept_count)::int AS kept,
          sum(k.late_count)::int AS late, sum(k.unanswered_count)::int AS unanswered,
          sum(k.pending_count)::int AS pending,
          ${HEALTH_LEVELS.map((level) => `${summary(`nullif(k.${levelColumn(level)}, 0)`, levelColumn(level))}, sum(k.${levelColumn(level)}) AS ${levelColumn(level)}_total`).join(',\n')}
        FROM keyed k GROUP BY GROUPING SETS ((k.group_key), ())),
      by_lateness AS (
        SELECT grouping(k.group_key) = 1 AS total, k.group_key AS key, ${summary('l.seconds', 'lateness')}
        FROM keyed k CROSS JOIN LATERAL unnest(k.late_seconds) AS l (seconds) WHERE k.late_count > 0
        GROUP BY GROUPING SETS ((k.group_key), ()))
      SELECT b.*, l.lateness_count, l.lateness_p50, l.lateness_p90, l.lateness_max
      FROM by_incident b
      LEFT JOIN by_lateness l ON l.total = b.total AND l.key IS NOT DISTINCT FROM b.key
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
    reviewDaysAfterEnd: summaryOf(row, 'review_days'),
    timeAtLevel: HEALTH_LEVELS.map((level) => ({
      level,
      seconds: summaryOf(row, levelColumn(level)),
      totalSeconds: (row[`${levelColumn(level)}_total`] as number | null) ?? 0,
    })),
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
