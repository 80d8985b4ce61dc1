import { GraphServiceHealthConnector } from '#connectors';
import { nextAttemptDelay, readIncidentReport } from '#ingestion';
import { RepeatingTask } from '#runtime';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CONNECTOR_SET, type ConnectorSet } from './connectors.provider.js';

/** The first run waits out start-up (the first polls and their correlation); then once a minute. */
const FIRST_RUN_MS = 15_000;
const EVERY_MS = 60_000;
/** Reviews fetched per run: a backlog (a first import) is spread over runs, within Graph's budget. */
export const INCIDENT_REPORT_BATCH = 10;
/** A failed fetch is tried again after 1 minute, then longer, up to every 6 hours (never given up). */
const RETRY_BASE_MS = 60_000;
const RETRY_CAP_MS = 6 * 3600_000;
/** Key of the session lock a run holds: one ingestor fetches reviews at a time ('R'eports). */
const INCIDENT_REPORT_LOCK = [0x4243_4e52, 1] as const;

export interface IncidentReportRun {
  /** Issues newly found with a published review. */
  discovered: number;
  fetched: number;
  failed: number;
}

interface DueReport {
  issueId: string;
  attempts: number;
  /** Tenants whose Graph listed the issue, the one that saw it last first. */
  tenantIds: string[];
}

/**
 * Keeps post-incident reviews. When Graph first says an issue's review is published (its status
 * `postIncidentReviewPublished`, as stored in the raw signals), the issue gets a row in `incident_reports`;
 * each review is then fetched once, through the Graph connector of a tenant that lists the issue (its
 * token, pacing and budget), stored as received and read (text, six sections, or why not). A failure is
 * tried again with backoff, through the next tenant that lists it; a stored review is never fetched again.
 * Runs never overlap in this process, and a run holds a session lock so that one ingestor fetches at a time.
 */
@Injectable()
export class IncidentReportJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(IncidentReportJob.name);
  private readonly stopping = new AbortController();
  private readonly task = new RepeatingTask({
    round: async () => {
      const run = await this.run();
      if (run && run.discovered + run.fetched + run.failed > 0) this.logger.log(run, 'post-incident reviews');
      return EVERY_MS;
    },
    failed: (error) => {
      this.logger.warn({ err: error }, 'post-incident reviews failed; trying again later');
      return EVERY_MS;
    },
    unref: true,
  });
  private running: Promise<IncidentReportRun | null> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CONNECTOR_SET) private readonly connectors: ConnectorSet,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(FIRST_RUN_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Aborted first: the running round's fetches end now instead of at their timeouts.
    this.stopping.abort();
    await this.task.stop();
    await this.running?.catch(() => undefined);
  }

  /** One run: what it did, or null when another ingestor holds the lock. Concurrent calls share one run. */
  run(): Promise<IncidentReportRun | null> {
    const run = this.running ?? this.locked();
    this.running = run;
    return run.finally(() => {
      if (this.running === run) this.running = null;
    });
  }

  /** Holds the lock on a connection of its own, outside any transaction, while the run fetches. */
  private async locked(): Promise<IncidentReportRun | null> {
    const session = this.dataSource.createQueryRunner();
    await session.connect();
    try {
      const [lock] = await session.query('SELECT pg_try_advisory_lock($1, $2) AS taken', [
        ...INCIDENT_REPORT_LOCK,
      ]);
      if (!(lock as { taken: boolean }).taken) return null;
      try {
        const discovered = await this.discover();
        return { discovered, ...(await this.fetchDue()) };
      } finally {
        await session.query('SELECT pg_advisory_unlock($1, $2)', [...INCIDENT_REPORT_LOCK]);
      }
    } finally {
      await session.release();
    }
  }

  /**
   * A row for each Graph issue of an incident whose review is published and that has none yet, dated by
   * the first stored version of the issue that said so. Reviews are rare: the incidents flagged by the
   * correlator narrow the raw signals read to their issues' own (by the log's item index).
   */
  private async discover(): Promise<number> {
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

  private async fetchDue(): Promise<Omit<IncidentReportRun, 'discovered'>> {
    const due = (await this.dataSource.query(
      `SELECT r.issue_id AS "issueId", r.attempts,
         ARRAY(SELECT s.tenant_id FROM raw_signals s
               WHERE s.kind = 'graph.issue' AND s.external_id = r.issue_id AND s.tenant_id IS NOT NULL
               GROUP BY s.tenant_id ORDER BY max(s.observed_at) DESC, s.tenant_id) AS "tenantIds"
       FROM incident_reports r
       WHERE r.fetched_at IS NULL AND (r.next_attempt_at IS NULL OR r.next_attempt_at <= now())
       ORDER BY r.published_at, r.issue_id
       LIMIT $1`,
      [INCIDENT_REPORT_BATCH],
    )) as DueReport[];
    let fetched = 0;
    let failed = 0;
    for (const report of due) {
      if (this.stopping.signal.aborted) break;
      if (await this.fetchOne(report)) fetched++;
      else failed++;
    }
    return { fetched, failed };
  }

  private async fetchOne({ issueId, attempts, tenantIds }: DueReport): Promise<boolean> {
    const graph = new Map(
      this.connectors
        .current()
        .filter((connector) => connector instanceof GraphServiceHealthConnector)
        .map((connector) => [connector.tenantId, connector]),
    );
    const candidates = tenantIds.filter((tenantId) => graph.has(tenantId));
    // Each attempt asks the next tenant that lists the issue: one tenant's failure is not the review's.
    const tenantId = candidates[attempts % Math.max(1, candidates.length)];
    const connector = tenantId === undefined ? undefined : graph.get(tenantId);
    if (!connector || tenantId === undefined) {
      await this.failed(issueId, attempts, 'no configured Graph tenant lists the issue');
      return false;
    }
    try {
      const document = await connector.fetchIncidentReport(issueId, this.stopping.signal);
      const reading = await readIncidentReport(document.bytes, document.contentType);
      if (reading.parseError !== null) {
        this.logger.warn({ issueId, reason: reading.parseError }, 'post-incident review kept unparsed');
      }
      const { sections } = reading;
      await this.dataSource.query(
        `UPDATE incident_reports SET
           fetched_at = now(), tenant_id = $2, attempts = attempts + 1, next_attempt_at = NULL,
           last_error = NULL, media_type = $3, size = $4, sha256 = $5, content = $6, parse_error = $7,
           text = $8, user_impact = $9, scope_of_impact = $10, start_end_time = $11, root_cause = $12,
           actions_taken = $13, next_steps = $14
         WHERE issue_id = $1 AND fetched_at IS NULL`,
        [
          issueId,
          tenantId,
          reading.mediaType,
          document.bytes.length,
          createHash('sha256').update(document.bytes).digest('hex'),
          document.bytes,
          reading.parseError,
          reading.text,
          sections.userImpact,
          sections.scopeOfImpact,
          sections.startEndTime,
          sections.rootCause,
          sections.actionsTaken,
          sections.nextSteps,
        ],
      );
      return true;
    } catch (error) {
      if (this.stopping.signal.aborted) return false;
      await this.failed(issueId, attempts, error instanceof Error ? error.message : String(error));
      return false;
    }
  }

  private async failed(issueId: string, attempts: number, reason: string): Promise<void> {
    this.logger.debug({ issueId, attempts: attempts + 1, reason }, 'post-incident review not fetched');
    await this.dataSource.query(
      `UPDATE incident_reports SET attempts = attempts + 1, last_error = $2,
         next_attempt_at = now() + make_interval(secs => $3)
       WHERE issue_id = $1 AND fetched_at IS NULL`,
      [issueId, reason, nextAttemptDelay(attempts, RETRY_BASE_MS, RETRY_CAP_MS) / 1000],
    );
  }
}
