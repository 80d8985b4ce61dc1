import { createConnectors, GraphPacerRegistry, type Connector } from '#connectors';
import { loadConfig } from '#config';
import { Correlator, RebuildService } from '#correlation';
import { PDF_MEDIA_TYPE, PollRunner, WORD_MEDIA_TYPE } from '#ingestion';
import { IncidentReportQueueRepository, SourceRepository } from '#persistence';
import {
  correlateAll,
  createTestDatabase,
  startIngestionTestModule,
  startTestSimulator,
  type TestDatabase,
  type TestSimulator,
} from '#testing';
import type { TestingModule } from '@nestjs/testing';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { fixedConnectorSet } from '../../../apps/ingestor/src/connectors.provider.js';
import { IncidentReportJob } from '../../../apps/ingestor/src/incident-report.job.js';
import type { ScenarioInput } from '../../../apps/simulator/src/index.js';

const REVIEW = `Post-Incident Review - TM1300001

# User Impact
Users could not join meetings.

# Scope of Impact
Any user joining a meeting in Europe.

# Incident Start-End Date and Time
Start: 20 November 2026, 09:00 UTC. End: 20 November 2026, 09:40 UTC.

# Root Cause
A configuration change rejected join requests.

# Actions Taken
We reverted the change.

# Next Steps
We're validating configuration before deployment.`;

const restoredThenReviewed = (report: string, format: 'docx' | 'pdf' | 'unreadable') => [
  { at: -3600, status: 'investigating', post: 'Current status: investigating.' },
  { at: -1200, status: 'serviceRestored', post: 'Final status: restored.' },
  { at: 60, status: 'postIncidentReviewPublished', incidentReport: report, incidentReportFormat: format },
];

/**
 * Two tenants. TM1300001 (both) publishes a Word review, MO1300002 (fabrikam only) a PDF, EX1300003
 * (contoso) a damaged one; SP1300004 is only restored. Every incidentReport answer fails for the first
 * two minutes.
 */
const scenario: ScenarioInput = {
  name: 'post-incident-reviews',
  startsAt: '2026-11-20T10:00:00Z',
  duration: 3600,
  tenants: [{ name: 'contoso' }, { name: 'fabrikam' }],
  graph: {
    issues: [
      {
        id: 'TM1300001',
        service: 'Microsoft Teams',
        title: 'Users may be unable to join meetings',
        startDateTime: '-1h',
        updates: restoredThenReviewed(REVIEW, 'docx'),
      },
      {
        id: 'MO1300002',
        tenants: ['fabrikam'],
        service: 'Microsoft 365 suite',
        title: 'Admins may be unable to reach the admin center',
        startDateTime: '-1h',
        updates: restoredThenReviewed(REVIEW.replace('TM1300001', 'MO1300002'), 'pdf'),
      },
      {
        id: 'EX1300003',
        tenants: ['contoso'],
        service: 'Exchange Online',
        title: 'Mail delays',
        startDateTime: '-1h',
        updates: restoredThenReviewed('Post-Incident Review - EX1300003', 'unreadable'),
      },
      {
        id: 'SP1300004',
        tenants: ['contoso'],
        service: 'SharePoint Online',
        title: 'Sync failures',
        startDateTime: '-1h',
        updates: [{ at: -1200, status: 'serviceRestored', post: 'Final status: restored.' }],
      },
    ],
  },
  faults: [{ channel: 'graph', kind: 'serverError', endpoints: ['incidentReport'], from: 0, for: 120 }],
};

const SETTINGS = { intervalMs: 60_000, timeoutMs: 20_000 };

interface StoredReport {
  issue_id: string;
  tenant_id: string | null;
  published_at: Date;
  fetched_at: Date | null;
  attempts: number;
  next_attempt_at: Date | null;
  last_error: string | null;
  media_type: string | null;
  size: number | null;
  sha256: string | null;
  content: Buffer | null;
  parse_error: string | null;
  text: string | null;
  user_impact: string | null;
  scope_of_impact: string | null;
  start_end_time: string | null;
  root_cause: string | null;
  actions_taken: string | null;
  next_steps: string | null;
}

describe('post-incident reviews kept (IncidentReportJob)', () => {
  let simulator: TestSimulator;
  let database: TestDatabase;
  let app: TestingModule;
  let dataSource: DataSource;
  let connectors: Connector[];
  let job: IncidentReportJob;
  /** incidentReport requests that reached the simulator. */
  const reportRequests: string[] = [];

  beforeAll(async () => {
    simulator = await startTestSimulator(scenario);
    database = await createTestDatabase();
    app = await startIngestionTestModule(database.url);
    dataSource = app.get(DataSource);
    const config = loadConfig({ ...simulator.env, DATABASE_URL: database.url });
    const counting: typeof fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.endsWith('/incidentReport')) reportRequests.push(url);
      return fetch(input, init);
    };
    connectors = createConnectors(config, { graphPacers: new GraphPacerRegistry(), fetch: counting }).filter(
      (connector) => connector.channel === 'GRAPH',
    );
    await app.get(SourceRepository).register(
      config.graph.tenants.map((tenant) => ({ id: tenant.id, displayName: tenant.displayName })),
      connectors,
      [],
    );
    job = new IncidentReportJob(
      dataSource,
      fixedConnectorSet(connectors),
      new IncidentReportQueueRepository(dataSource),
    );
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
    await simulator.stop();
  });

  const pollAndCorrelate = async () => {
    for (const connector of connectors) await app.get(PollRunner).run(connector, SETTINGS);
    await correlateAll(app.get(Correlator), new Date());
  };
  const reports = async (): Promise<StoredReport[]> =>
    dataSource.query('SELECT * FROM incident_reports ORDER BY issue_id');
  /** Time passes for the retries: every review waiting for its next attempt is due now. */
  const retriesDue = () =>
    dataSource.query('UPDATE incident_reports SET next_attempt_at = now() WHERE fetched_at IS NULL');

  it('finds nothing before Graph publishes a review', async () => {
    await pollAndCorrelate();

    expect(await job.run()).toEqual({ discovered: 0, fetched: 0, failed: 0 });
    expect(await reports()).toEqual([]);
  });

  it('records when a review was first seen published, and tries again later when the fetch fails', async () => {
    simulator.timeline.advanceTo(90);
    await pollAndCorrelate();

    expect(await job.run()).toEqual({ discovered: 3, fetched: 0, failed: 3 });
    const rows = await reports();
    expect(rows.map((row) => row.issue_id)).toEqual(['EX1300003', 'MO1300002', 'TM1300001']);
    const [firstSeen] = await dataSource.query(
      `SELECT min(observed_at) AS at FROM raw_signals s JOIN raw_payloads p ON p.hash = s.payload_hash
       WHERE s.external_id = 'TM1300001' AND p.payload->>'status' = 'postIncidentReviewPublished'`,
    );
    expect(rows[2]?.published_at).toEqual(firstSeen.at);
    for (const row of rows) {
      expect(row).toMatchObject({ fetched_at: null, attempts: 1, content: null, sha256: null });
      expect(row.last_error).toMatch(/^Graph GET incidentReport of \w+ for tenant .*: 50\d/);
      expect(row.next_attempt_at!.getTime()).toBeGreaterThan(Date.now() + 30_000);
    }
    expect(reportRequests).toHaveLength(3);
  });

  it('waits for the backoff before asking again', async () => {
    expect(await job.run()).toEqual({ discovered: 0, fetched: 0, failed: 0 });
    expect(reportRequests).toHaveLength(3);
  });

  it('stores each review once Graph answers: bytes as received, media type, size, sha256, text, sections', async () => {
    simulator.timeline.advanceTo(180);
    await retriesDue();

    expect(await job.run()).toEqual({ discovered: 0, fetched: 3, failed: 0 });
    const [unreadable, pdf, word] = await reports();
    for (const row of [unreadable, pdf, word]) {
      expect(row?.size).toBe(row?.content?.length);
      expect(row?.sha256).toBe(createHash('sha256').update(row!.content!).digest('hex'));
      expect(row).toMatchObject({ attempts: 2, next_attempt_at: null, last_error: null });
      expect(row?.fetched_at).toBeInstanceOf(Date);
    }
    // The stored bytes are those Graph sent: the same document asked for again is identical.
    const again = await (connectors[1] as unknown as GraphFetcher).fetchIncidentReport('MO1300002', signal());
    expect(pdf?.content?.equals(again.bytes)).toBe(true);

    const sections = {
      user_impact: 'Users could not join meetings.',
      scope_of_impact: 'Any user joining a meeting in Europe.',
      start_end_time: 'Start: 20 November 2026, 09:00 UTC. End: 20 November 2026, 09:40 UTC.',
      root_cause: 'A configuration change rejected join requests.',
      actions_taken: 'We reverted the change.',
      next_steps: "We're validating configuration before deployment.",
    };
    expect(word).toMatchObject({ media_type: WORD_MEDIA_TYPE, parse_error: null, ...sections });
    expect(word?.text).toMatch(/^Post-Incident Review - TM1300001\n/);
    expect(pdf).toMatchObject({ media_type: PDF_MEDIA_TYPE, parse_error: null, ...sections });
    // MO1300002 is listed by fabrikam only: that tenant's Graph is the one asked.
    expect(pdf?.tenant_id).toBe(connectors[1]?.tenantId);
    expect(unreadable).toMatchObject({ media_type: PDF_MEDIA_TYPE, text: null, root_cause: null });
    expect(unreadable?.parse_error).toMatch(/\S/);
    expect(unreadable?.content?.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('never fetches a stored review again, and finds it in full-text search', async () => {
    const requests = reportRequests.length;
    await retriesDue();

    expect(await job.run()).toEqual({ discovered: 0, fetched: 0, failed: 0 });
    expect(reportRequests).toHaveLength(requests);
    const found = await dataSource.query(
      `SELECT issue_id FROM incident_reports WHERE search @@ websearch_to_tsquery('english', 'configuration rejected')
       ORDER BY issue_id`,
    );
    expect(found).toEqual([{ issue_id: 'MO1300002' }, { issue_id: 'TM1300001' }]);
  });

  it('keeps every review through a rebuild, and links it to the rebuilt incident', async () => {
    const before = await reports();

    await app.get(RebuildService).rebuild();

    expect(await reports()).toEqual(before);
    const linked = await dataSource.query(
      `SELECT i.reference FROM incident_reports r
       JOIN incident_references ref ON ref.reference = r.issue_id JOIN incidents i ON i.id = ref.incident_id
       ORDER BY i.reference`,
    );
    expect(linked.map((row: { reference: string }) => row.reference)).toEqual([
      'EX1300003',
      'MO1300002',
      'TM1300001',
    ]);
    expect(await job.run()).toEqual({ discovered: 0, fetched: 0, failed: 0 });
  });

  it('runs in one ingestor at a time', async () => {
    const other = await dataSource.createQueryRunner();
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1, $2)', [0x4243_4e52, 1]);
      expect(await job.run()).toBeNull();
      await other.query('SELECT pg_advisory_unlock($1, $2)', [0x4243_4e52, 1]);
      expect(await job.run()).not.toBeNull();
    } finally {
      await other.release();
    }
  });
});

interface GraphFetcher {
  fetchIncidentReport(issueId: string, signal: AbortSignal): Promise<{ bytes: Buffer }>;
}

function signal(): AbortSignal {
  return new AbortController().signal;
}
