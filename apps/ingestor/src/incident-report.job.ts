import { GraphServiceHealthConnector } from '#connectors';
import { nextAttemptDelay, readIncidentReport } from '#ingestion';
import { type DueIncidentReport, IncidentReportQueueRepository, withSessionLock } from '#persistence';
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
    private readonly reports: IncidentReportQueueRepository,
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
  private locked(): Promise<IncidentReportRun | null> {
    return withSessionLock(this.dataSource, INCIDENT_REPORT_LOCK, async () => {
      const discovered = await this.reports.discover();
      return { discovered, ...(await this.fetchDue()) };
    });
  }

  private async fetchDue(): Promise<Omit<IncidentReportRun, 'discovered'>> {
    const due = await this.reports.due(INCIDENT_REPORT_BATCH);
    let fetched = 0;
    let failed = 0;
    for (const report of due) {
      if (this.stopping.signal.aborted) break;
      if (await this.fetchOne(report)) fetched++;
      else failed++;
    }
    return { fetched, failed };
  }

  private async fetchOne({ issueId, attempts, tenantIds }: DueIncidentReport): Promise<boolean> {
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
      await this.reports.fetched(issueId, {
        tenantId,
        mediaType: reading.mediaType,
        bytes: document.bytes,
        sha256: createHash('sha256').update(document.bytes).digest('hex'),
        parseError: reading.parseError,
        text: reading.text,
        sections: reading.sections,
      });
      return true;
    } catch (error) {
      if (this.stopping.signal.aborted) return false;
      await this.failed(issueId, attempts, error instanceof Error ? error.message : String(error));
      return false;
    }
  }

  private async failed(issueId: string, attempts: number, reason: string): Promise<void> {
    this.logger.debug({ issueId, attempts: attempts + 1, reason }, 'post-incident review not fetched');
    await this.reports.failed(
      issueId,
      reason,
      nextAttemptDelay(attempts, RETRY_BASE_MS, RETRY_CAP_MS) / 1000,
    );
  }
}
