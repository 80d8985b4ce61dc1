import type { IncidentReportEntity } from '../../entities/index.js';
import { Injectable } from '@nestjs/common';
import { SqlReader } from './sql.reader.js';

/** A review as the API reads it (its bytes apart, and only for the download). */
export type IncidentReportRecord = Omit<
  IncidentReportEntity,
  'content' | 'search' | 'tenant' | 'tenantId' | 'attempts' | 'nextAttemptAt' | 'lastError'
>;
export type IncidentReportDocument = Pick<IncidentReportEntity, 'issueId' | 'mediaType' | 'sha256'> & {
  content: Buffer;
};

const REPORT_COLUMNS = `r.issue_id AS "issueId", r.published_at AS "publishedAt", r.fetched_at AS "fetchedAt",
  r.media_type AS "mediaType", r.size, r.sha256, r.parse_error AS "parseError", r.text,
  r.user_impact AS "userImpact", r.scope_of_impact AS "scopeOfImpact", r.start_end_time AS "startEndTime",
  r.root_cause AS "rootCause", r.actions_taken AS "actionsTaken", r.next_steps AS "nextSteps"`;

/**
 * `incident_reports`, keyed by Graph's issue id: an incident's reviews are those of the ids it has had
 * (`incident_references`), which a rebuild keeps pointing at the same documents.
 */
@Injectable()
export class IncidentReportsRepository {
  constructor(private readonly sql: SqlReader) {}

  /**
   * The review of each incident (by row id): of its current id when that has one, else the one published
   * last among its other ids.
   */
  async ofIncidents(keys: readonly string[]): Promise<Map<string, IncidentReportRecord>> {
    const rows: Array<IncidentReportRecord & { incidentKey: string }> = await this.sql.rows(
      `SELECT DISTINCT ON (ref.incident_id) ref.incident_id AS "incidentKey", ${REPORT_COLUMNS}
       FROM incident_references ref
       JOIN incident_reports r ON r.issue_id = ref.reference
       JOIN incidents i ON i.id = ref.incident_id
       WHERE ref.incident_id = ANY($1::uuid[])
       ORDER BY ref.incident_id, (ref.reference = i.reference) DESC, r.published_at DESC`,
      [keys],
    );
    return new Map(rows.map(({ incidentKey, ...report }) => [incidentKey, report]));
  }

  /** The stored document of a review, once fetched. */
  async document(issueId: string): Promise<IncidentReportDocument | null> {
    const rows: IncidentReportDocument[] = await this.sql.rows(
      `SELECT r.issue_id AS "issueId", r.media_type AS "mediaType", r.sha256, r.content
       FROM incident_reports r WHERE r.issue_id = $1 AND r.fetched_at IS NOT NULL`,
      [issueId],
    );
    return rows[0] ?? null;
  }
}
