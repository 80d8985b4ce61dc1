import { Injectable } from '@nestjs/common';
import { SqlReader } from './sql.reader.js';
import type { Channel, HealthLevel } from '#domain';
import { CHOSEN_COLUMNS, incidentFactsSql } from './incident-facts.sql.js';

type JsonDate = string;

/** One incident's analysis: the shape of `Incident.analysis` in GraphQL. */
export interface IncidentAnalysis {
  durationSeconds: number | null;
  firstChannel: Channel | null;
  firstWords: Array<{ channel: Channel; firstSeenAt: Date; secondsBeforeGraph: number | null }>;
  graphLagSeconds: number | null;
  fallbackOnlySeconds: number | null;
  promises: Array<{
    updateId: string;
    channel: Channel;
    madeAt: Date;
    promisedBy: Date;
    outcome: 'KEPT' | 'LATE' | 'UNANSWERED' | 'PENDING';
    nextPostAt: Date | null;
    lateSeconds: number | null;
  }>;
  levelChanges: Array<{ at: Date; channel: Channel; level: HealthLevel; status: string }>;
  timeAtLevel: Array<{ level: HealthLevel; seconds: number }>;
  postIncidentReview: { available: boolean; publishedAt: Date | null; daysAfterEnd: number | null };
}

/** One incident's facts as the statement returns them (nested lists as JSON). */
interface AnalysisRow extends Omit<
  IncidentAnalysis,
  'firstWords' | 'promises' | 'postIncidentReview' | 'levelChanges'
> {
  id: string;
  reviewAvailable: boolean;
  reviewPublishedAt: Date | null;
  reviewDaysAfterEnd: number | null;
  levelChanges: Array<Omit<IncidentAnalysis['levelChanges'][number], 'at'> & { at: JsonDate }>;
  firstWords: Array<{
    channel: IncidentAnalysis['firstWords'][number]['channel'];
    firstSeenAt: JsonDate;
    secondsBeforeGraph: number | null;
  }>;
  promises: Array<
    Omit<IncidentAnalysis['promises'][number], 'madeAt' | 'promisedBy' | 'nextPostAt'> & {
      madeAt: JsonDate;
      promisedBy: JsonDate;
      nextPostAt: JsonDate | null;
    }
  >;
}

const ANALYSIS_SQL = `${incidentFactsSql(`SELECT ${CHOSEN_COLUMNS} FROM incidents i WHERE i.id = ANY($1::uuid[])`)}
  SELECT f.id, f.first_channel AS "firstChannel", f.duration_seconds AS "durationSeconds",
    f.graph_lag_seconds AS "graphLagSeconds", f.fallback_only_seconds AS "fallbackOnlySeconds",
    f.post_incident_report_available AS "reviewAvailable", f.review_published_at AS "reviewPublishedAt",
    f.review_days_after_end AS "reviewDaysAfterEnd",
    coalesce((
      SELECT json_agg(json_build_object('at', t.changed_at, 'channel', t.channel, 'level', t.level,
          'status', t.status) ORDER BY t.changed_at, t.channel)
      FROM timeline t WHERE t.id = f.id), '[]') AS "levelChanges",
    CASE WHEN NOT f.is_resolved OR f.ended_at IS NOT NULL THEN (
      SELECT json_agg(json_build_object('level', v.level, 'seconds', coalesce(l.seconds, 0)) ORDER BY v.level)
      FROM unnest(enum_range(NULL::health_level)) AS v (level)
      LEFT JOIN levels l ON l.id = f.id AND l.level = v.level) ELSE '[]' END AS "timeAtLevel",
    coalesce((
      SELECT json_agg(json_build_object('channel', s.channel, 'firstSeenAt', s.first_seen_at,
          'secondsBeforeGraph', extract(epoch FROM g.first_seen_at - s.first_seen_at)::float8)
        ORDER BY s.first_seen_at, s.channel)
      FROM incident_sightings s
      LEFT JOIN incident_sightings g ON g.incident_id = s.incident_id AND g.channel = 'GRAPH'
      WHERE s.incident_id = f.id), '[]') AS "firstWords",
    coalesce((
      SELECT json_agg(json_build_object('updateId', p.update_id, 'channel', p.channel, 'madeAt', p.made_at,
          'promisedBy', p.promised_by, 'outcome', p.outcome, 'nextPostAt', p.next_post_at,
          'lateSeconds', p.late_seconds)
        ORDER BY p.made_at, p.update_id)
      FROM promises p WHERE p.id = f.id), '[]') AS promises
  FROM facts f`;

/** `Incident.analysis` for a batch of incidents, in one statement over the same facts as the statistics. */
@Injectable()
export class IncidentAnalysisRepository {
  constructor(private readonly sql: SqlReader) {}

  async analysesOf(keys: readonly string[]): Promise<Map<string, IncidentAnalysis>> {
    const rows = await this.sql.rows<AnalysisRow>(ANALYSIS_SQL, [keys]);
    return new Map(rows.map((row) => [row.id, toAnalysis(row)]));
  }
}

function toAnalysis(row: AnalysisRow): IncidentAnalysis {
  return {
    durationSeconds: row.durationSeconds,
    firstChannel: row.firstChannel,
    graphLagSeconds: row.graphLagSeconds,
    fallbackOnlySeconds: row.fallbackOnlySeconds,
    firstWords: row.firstWords.map((word) => ({ ...word, firstSeenAt: new Date(word.firstSeenAt) })),
    promises: row.promises.map((promise) => ({
      ...promise,
      madeAt: new Date(promise.madeAt),
      promisedBy: new Date(promise.promisedBy),
      nextPostAt: promise.nextPostAt === null ? null : new Date(promise.nextPostAt),
    })),
    levelChanges: row.levelChanges.map((change) => ({ ...change, at: new Date(change.at) })),
    timeAtLevel: row.timeAtLevel,
    postIncidentReview: {
      available: row.reviewAvailable,
      publishedAt: row.reviewPublishedAt,
      daysAfterEnd: row.reviewDaysAfterEnd,
    },
  };
}
