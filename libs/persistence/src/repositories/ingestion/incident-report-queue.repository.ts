import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** A review still to fetch. */
export interface DueIncidentReport {
  issueId: string;
  attempts: number;
  /** Tenants whose Graph listed the issue, the one that saw it last first. */
  tenantIds: string[];
}

/** A fetched review as it is kept: the document as received and what could be read of it. */
export interface FetchedIncidentReport {
  tenantId: string;
  mediaType: string;
  bytes: Buffer;
  sha256: string;
  parseError: string | null;
  text: string | null;
  sections: {
    userImpact: string | null;
    scopeOfImpact: string | null;
    startEndTime: string | null;
    rootCause: string | null;
    actionsTaken: string | null;
    nextSteps: string | null;
  };
}

/** `incident_reports` as the ingestor fills it: reviews found, due, fetched or failed. */
@Injectable()
export class IncidentReportQueueRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * A row for each Graph issue of an incident whose review is published and that has none yet, dated by
   * the first stored version of the issue that said so. Reviews are rare: the incidents flagged by the
   * correlator narrow the raw signals read to their issues' own (by the log's item index). How many.
   */
  async discover(): Promise<number> {
    const inserted = (await this.dataSource.query(`
      INSERT INTO incident_reports (issue_id, published_at)
      SELECT s.external_id, min(s.observed_at)
      FROM incidents i
      JOIN incident_references ref ON ref.incident_id = i.id
      JOIN raw_signals s ON s.kind = 'graph.issue' AND s.external_id = ref.reference AND s.unreadable IS NULL
      JOIN raw_payloads p ON p.hash = s.payload_hash
      WHERE i.post_incident_report_available
        AND NOT EXISTS (SELECT 1 FROM incident_reports r WHERE r.issue_id = ref.reference)
        AND lower(p.payload->>'status') = 'postincidentreviewpublished'
      GROUP BY s.external_id
      ON CONFLICT (issue_id) DO NOTHING
      RETURNING issue_id`)) as unknown[];
    return inserted.length;
  }

  /** Reviews not fetched whose next attempt is due, the earliest published first. */
  due(limit: number): Promise<DueIncidentReport[]> {
    return this.dataSource.query(
      `SELECT r.issue_id AS "issueId", r.attempts,
         ARRAY(SELECT s.tenant_id FROM raw_signals s
               WHERE s.kind = 'graph.issue' AND s.external_id = r.issue_id AND s.tenant_id IS NOT NULL
               GROUP BY s.tenant_id ORDER BY max(s.observed_at) DESC, s.tenant_id) AS "tenantIds"
       FROM incident_reports r
       WHERE r.fetched_at IS NULL AND (r.next_attempt_at IS NULL OR r.next_attempt_at <= now())
       ORDER BY r.published_at, r.issue_id
       LIMIT $1`,
      [limit],
    );
  }

  async fetched(issueId: string, report: FetchedIncidentReport): Promise<void> {
    const { sections } = report;
    await this.dataSource.query(
      `UPDATE incident_reports SET
         fetched_at = now(), tenant_id = $2, attempts = attempts + 1, next_attempt_at = NULL,
         last_error = NULL, media_type = $3, size = $4, sha256 = $5, content = $6, parse_error = $7,
         text = $8, user_impact = $9, scope_of_impact = $10, start_end_time = $11, root_cause = $12,
         actions_taken = $13, next_steps = $14
       WHERE issue_id = $1 AND fetched_at IS NULL`,
      [
        issueId,
        report.tenantId,
        report.mediaType,
        report.bytes.length,
        report.sha256,
        report.bytes,
        report.parseError,
        report.text,
        sections.userImpact,
        sections.scopeOfImpact,
        sections.startEndTime,
        sections.rootCause,
        sections.actionsTaken,
        sections.nextSteps,
      ],
    );
  }

  async failed(issueId: string, reason: string, retryInSeconds: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE incident_reports SET attempts = attempts + 1, last_error = $2,
         next_attempt_at = now() + make_interval(secs => $3)
       WHERE issue_id = $1 AND fetched_at IS NULL`,
      [issueId, reason, retryInSeconds],
    );
  }
}
