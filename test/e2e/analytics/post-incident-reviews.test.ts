import { createConnectors, GraphPacerRegistry } from '#connectors';
import { loadConfig } from '#config';
import type { RunningBeacon } from '#runtime';
import {
  createTestDatabase,
  graphIssueSignal,
  startTestSimulator,
  type TestDatabase,
  type TestSimulator,
} from '#testing';
import { IncidentReportQueueRepository } from '#persistence';
import { ApiKeyAdminService } from '../../../apps/api/src/auth/api-key-admin.service.js';
import { fixedConnectorSet } from '../../../apps/ingestor/src/connectors.provider.js';
import { IncidentReportJob } from '../../../apps/ingestor/src/incident-report.job.js';
import type { ScenarioInput } from '../../../apps/simulator/src/index.js';
import { graphql, query, startApi, testConfig } from '../api/support/api-client.js';
import { TestIngestor } from '../api/support/ingestor.js';
import { CONTOSO, FABRIKAM } from '../api/support/scenario.js';
import { tenantsFile } from '../api/support/tenants-file.js';

/**
 * Post-incident reviews through the API: EX1500001 (Contoso's) published a Word review, TM1500002
 * (Fabrikam's) a PDF. Graph (the simulator) serves them; the ingestor's job fetches them; the API shows
 * them on the incident, finds them by their text and serves the documents, each only to keys that see the
 * incident.
 */
const BOOTSTRAP = 'bootstrap-admin-key-0123456789';
const review = (id: string, cause: string) => `Post-Incident Review - ${id}

# User Impact
Users could not send mail.

# Scope of Impact
Users in Europe.

# Root Cause
${cause}

# Next Steps
Validate changes before they ship.`;
const published = (id: string, cause: string, format: 'docx' | 'pdf') => [
  { at: '-1h', status: 'serviceRestored', post: 'Final status: restored.' },
  {
    at: '-10m',
    status: 'postIncidentReviewPublished',
    incidentReport: review(id, cause),
    incidentReportFormat: format,
  },
];
const scenario: ScenarioInput = {
  name: 'post-incident-reviews-api',
  startsAt: '2026-11-20T12:00:00Z',
  duration: 3600,
  tenants: [
    { name: 'contoso', id: CONTOSO },
    { name: 'fabrikam', id: FABRIKAM },
  ],
  graph: {
    issues: [
      {
        id: 'EX1500001',
        tenants: ['contoso'],
        service: 'Exchange Online',
        title: 'Mail delays',
        startDateTime: '-2h',
        updates: published('EX1500001', 'A certificate expired on the transport servers.', 'docx'),
      },
      {
        id: 'TM1500002',
        tenants: ['fabrikam'],
        service: 'Microsoft Teams',
        title: 'Meeting joins fail',
        startDateTime: '-2h',
        updates: published('TM1500002', 'A routing table was truncated by a deployment.', 'pdf'),
      },
    ],
  },
};

const FIELDS = `postIncidentReview { issueId publishedAt fetchedAt url mediaType size sha256 parsed parseError
  text userImpact scopeOfImpact startEndTime rootCause actionsTaken nextSteps }`;

describe('post-incident reviews through the API', () => {
  let simulator: TestSimulator;
  let database: TestDatabase;
  let ingestor: TestIngestor;
  let beacon: RunningBeacon;
  const keys: Record<'admin' | 'contoso' | 'fabrikam', string> = {
    admin: BOOTSTRAP,
    contoso: '',
    fabrikam: '',
  };
  const auth = (name: keyof typeof keys) => ({ authorization: `Bearer ${keys[name]}` });
  const download = (id: string, headers: Record<string, string>) =>
    fetch(`${beacon.url}/incidents/${id}/report`, { headers });

  beforeAll(async () => {
    simulator = await startTestSimulator(scenario);
    database = await createTestDatabase();
    const config = testConfig(database.url, {
      TENANTS_FILE: tenantsFile(CONTOSO, FABRIKAM),
      API_KEYS: BOOTSTRAP,
    });
    ingestor = await TestIngestor.start(config, database.url);
    await ingestor.registerTenants([{ id: CONTOSO }, { id: FABRIKAM }]);
    const issue = (id: string, service: string, title: string) => ({
      id,
      service,
      title,
      status: 'postIncidentReviewPublished',
      isResolved: true,
      startDateTime: '2026-11-20T10:00:00Z',
      endDateTime: '2026-11-20T11:00:00Z',
    });
    await ingestor.ingest(
      [
        graphIssueSignal(CONTOSO, issue('EX1500001', 'Exchange Online', 'Mail delays')),
        graphIssueSignal(FABRIKAM, issue('TM1500002', 'Microsoft Teams', 'Meeting joins fail')),
      ],
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
    const admin = beacon.app.get(ApiKeyAdminService);
    keys.contoso = (
      await admin.create({ name: 'contoso desk', role: 'viewer', tenantIds: [CONTOSO] }, 'test')
    ).key;
    keys.fabrikam = (
      await admin.create({ name: 'fabrikam desk', role: 'viewer', tenantIds: [FABRIKAM] }, 'test')
    ).key;
  });

  afterAll(async () => {
    await beacon?.close();
    await ingestor?.close();
    await database?.drop();
    await simulator?.stop();
  });

  it('shows the review on the incident: document facts, text and sections', async () => {
    const data = await query(beacon.url, `{ incident(id: "EX1500001") { ${FIELDS} } }`, {}, auth('admin'));
    const [stored] = await ingestor.dataSource.query(
      `SELECT size, sha256, published_at FROM incident_reports WHERE issue_id = 'EX1500001'`,
    );

    expect(data.incident.postIncidentReview).toEqual({
      issueId: 'EX1500001',
      publishedAt: stored.published_at.toISOString(),
      fetchedAt: expect.any(String),
      url: '/incidents/EX1500001/report',
      mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      size: stored.size,
      sha256: stored.sha256,
      parsed: true,
      parseError: null,
      text: expect.stringMatching(/^Post-Incident Review - EX1500001\n/),
      userImpact: 'Users could not send mail.',
      scopeOfImpact: 'Users in Europe.',
      startEndTime: null,
      rootCause: 'A certificate expired on the transport servers.',
      actionsTaken: null,
      nextSteps: 'Validate changes before they ship.',
    });
  });

  it("finds incidents by the text of their review, in the caller's tenant view", async () => {
    const search = async (name: keyof typeof keys, text: string, tenantId?: string) => {
      const data = await query(
        beacon.url,
        'query($f: IncidentFilter) { incidents(filter: $f) { edges { node { id } } } }',
        { f: { search: text, ...(tenantId ? { tenantId } : {}) } },
        auth(name),
      );
      return data.incidents.edges.map((edge: { node: { id: string } }) => edge.node.id);
    };

    expect(await search('admin', 'certificate expired', CONTOSO)).toEqual(['EX1500001']);
    expect(await search('admin', 'routing table truncated', FABRIKAM)).toEqual(['TM1500002']);
    expect(await search('contoso', 'routing table truncated')).toEqual([]);
    expect(await search('admin', 'validate changes', CONTOSO)).toEqual(['EX1500001']);
  });

  it('serves the document as received, with its type and a file name', async () => {
    const [stored] = await ingestor.dataSource.query(
      `SELECT content FROM incident_reports WHERE issue_id = 'TM1500002'`,
    );
    const response = await download('TM1500002', auth('fabrikam'));

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="TM1500002-post-incident-review.pdf"',
    );
    expect(Buffer.from(await response.arrayBuffer()).equals(stored.content)).toBe(true);
  });

  it('refuses a request without a key, and answers a tenant that cannot see the incident as for an unknown one', async () => {
    expect((await download('EX1500001', {})).status).toBe(401);
    expect((await download('EX1500001', { authorization: 'Bearer wrong-key-0123456789' })).status).toBe(401);

    const hidden = await download('EX1500001', auth('fabrikam'));
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toEqual({
      errors: [{ message: 'no post-incident review of EX1500001 is kept' }],
    });
    expect((await download('EX9999999', auth('fabrikam'))).status).toBe(404);
    const seen = await graphql(
      beacon.url,
      `{ incident(id: "EX1500001") { ${FIELDS} } }`,
      {},
      auth('fabrikam'),
    );
    expect(seen.data).toEqual({ incident: null });

    expect((await download('EX1500001', auth('contoso'))).status).toBe(200);
  });

  it('shows no review where Graph published none', async () => {
    await ingestor.ingest(
      [
        graphIssueSignal(CONTOSO, {
          id: 'SP1500003',
          service: 'SharePoint Online',
          status: 'serviceRestored',
        }),
      ],
      new Date(),
    );
    const data = await query(
      beacon.url,
      '{ incident(id: "SP1500003") { postIncidentReview { issueId } } }',
      {},
      auth('admin'),
    );

    expect(data.incident.postIncidentReview).toBeNull();
    expect((await download('SP1500003', auth('admin'))).status).toBe(404);
  });
});
