import { createConnectors, GraphPacerRegistry } from '#connectors';
import { loadConfig } from '#config';
import type { RunningBeacon } from '#runtime';
import {
  createTestDatabase,
  graphIssueSignal,
  launchChromium,
  startTestSimulator,
  type TestDatabase,
  type TestSimulator,
} from '#testing';
import { IncidentReportQueueRepository } from '#persistence';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { fixedConnectorSet } from '../../../apps/ingestor/src/connectors.provider.js';
import { IncidentReportJob } from '../../../apps/ingestor/src/incident-report.job.js';
import type { ScenarioInput } from '../../../apps/simulator/src/index.js';
import { startApi, testConfig } from '../api/support/api-client.js';
import { TestIngestor } from '../api/support/ingestor.js';

const ARTIFACTS = path.resolve('test-artifacts/status-page');
const TENANT = 'contoso.onmicrosoft.com';

/** EX1600001 published a Word review with its sections; EX1600002 a damaged one. */
const published = (report: string, format: 'docx' | 'unreadable') => [
  { at: '-1h', status: 'serviceRestored', post: 'Final status: restored.' },
  { at: '-10m', status: 'postIncidentReviewPublished', incidentReport: report, incidentReportFormat: format },
];
const scenario: ScenarioInput = {
  name: 'post-incident-review-page',
  startsAt: '2026-11-20T12:00:00Z',
  duration: 3600,
  tenants: [{ name: 'contoso', id: TENANT }],
  graph: {
    issues: [
      {
        id: 'EX1600001',
        service: 'Exchange Online',
        title: 'Mail delays',
        startDateTime: '-2h',
        updates: published(
          'Post-Incident Review - EX1600001\n\n# User Impact\nUsers could not send mail.\n\n' +
            '# Root Cause\nA certificate expired on the transport servers.',
          'docx',
        ),
      },
      {
        id: 'EX1600002',
        service: 'Exchange Online',
        title: 'Mailbox moves stall',
        startDateTime: '-2h',
        updates: published('Post-Incident Review - EX1600002', 'unreadable'),
      },
    ],
  },
};

/** The status page shows an incident's post-incident review in its history, in Debian's Chromium. */
describe('the status page: post-incident reviews', () => {
  let simulator: TestSimulator;
  let database: TestDatabase;
  let ingestor: TestIngestor;
  let beacon: RunningBeacon;
  let browser: Browser;

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    simulator = await startTestSimulator(scenario);
    database = await createTestDatabase();
    const config = testConfig(database.url, {
      GRAPH_TENANT_ID: TENANT,
      GRAPH_CLIENT_ID: 'c',
      GRAPH_CLIENT_SECRET: 's',
    });
    ingestor = await TestIngestor.start(config, database.url);
    await ingestor.registerTenants([{ id: TENANT }]);
    const issue = (id: string, title: string) =>
      graphIssueSignal(TENANT, {
        id,
        title,
        status: 'postIncidentReviewPublished',
        isResolved: true,
        startDateTime: '2026-11-20T10:00:00Z',
        endDateTime: '2026-11-20T11:00:00Z',
      });
    await ingestor.ingest(
      [issue('EX1600001', 'Mail delays'), issue('EX1600002', 'Mailbox moves stall')],
      new Date(),
    );
    const graph = createConnectors(loadConfig({ ...simulator.env, DATABASE_URL: database.url }), {
      graphPacers: new GraphPacerRegistry(),
    }).filter((connector) => connector.channel === 'GRAPH');
    const job = new IncidentReportJob(
      ingestor.dataSource,
      fixedConnectorSet(graph),
      new IncidentReportQueueRepository(ingestor.dataSource),
    );
    expect(await job.run()).toEqual({ discovered: 2, fetched: 2, failed: 0 });
    beacon = await startApi(config);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await beacon?.close();
    await ingestor?.close();
    await database?.drop();
    await simulator?.stop();
  });

  it('shows the sections of a review and downloads its document; says why another could not be read', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 1400 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(beacon.url);
    const item = (id: string) => page.locator(`#history-list li[data-incident-id="${id}"]`);
    await item('EX1600001').waitFor({ timeout: 15_000 });

    await item('EX1600001').locator('summary').click();
    const review = item('EX1600001').locator('[data-review="EX1600001"]');
    await review.waitFor({ timeout: 15_000 });
    await review.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'post-incident-review.png'), fullPage: true });
    const sections = await review
      .locator('dl')
      .evaluate((list) => [...list.children].map((child) => `${child.tagName}: ${child.textContent}`));
    expect(sections).toEqual([
      'DT: User impact',
      'DD: Users could not send mail.',
      'DT: Root cause',
      'DD: A certificate expired on the transport servers.',
    ]);

    const download = page.waitForEvent('download');
    await review.locator('[data-review-download]').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('EX1600001-post-incident-review.docx');
    const saved = path.join(ARTIFACTS, file.suggestedFilename());
    await file.saveAs(saved);
    const [stored] = await ingestor.dataSource.query(
      `SELECT content FROM incident_reports WHERE issue_id = 'EX1600001'`,
    );
    expect((await readFile(saved)).equals(stored.content)).toBe(true);

    await item('EX1600002').locator('summary').click();
    const unreadable = item('EX1600002').locator('[data-review="EX1600002"]');
    await unreadable.waitFor({ timeout: 15_000 });
    expect(await unreadable.textContent()).toMatch(
      /Its text could not be read \(.+\); the document is kept as Microsoft published it\./,
    );
    expect(await unreadable.locator('[data-review-download]').textContent()).toMatch(
      /^Download the PDF document/,
    );
    expect(errors).toEqual([]);
  });
});
