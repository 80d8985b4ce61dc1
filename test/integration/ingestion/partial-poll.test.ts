import { createConnectors, GraphPacerRegistry, type Connector } from '#connectors';
import { loadConfig } from '#config';
import { PollRunner } from '#ingestion';
import { SourceEntity, SourceRepository } from '#persistence';
import {
  createTestDatabase,
  startIngestionTestModule,
  startTestSimulator,
  type TestDatabase,
  type TestSimulator,
} from '#testing';
import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import type { ScenarioInput } from '../../../apps/simulator/src/index.js';

/**
 * One tenant without ServiceMessage.Read.All for the first ten minutes (every `messages` request a 403),
 * an open Exchange incident, a message; the status site's mac feed answers with the SPA shell meanwhile.
 */
const scenario: ScenarioInput = {
  name: 'partial-polls',
  startsAt: '2026-11-20T10:00:00Z',
  duration: 3600,
  tenants: [{ name: 'contoso' }],
  graph: {
    issues: [
      {
        id: 'EX1210001',
        service: 'Exchange Online',
        title: 'Mail delays',
        startDateTime: '-1h',
        updates: [{ at: -1800, status: 'serviceDegradation', post: "Current status: We're investigating." }],
      },
    ],
    messages: [
      {
        id: 'MC1210002',
        at: '-1d',
        title: 'Exchange: a new setting',
        category: 'planForChange',
        body: '<p>A new setting.</p>',
        endDateTime: '30d',
      },
    ],
  },
  faults: [
    { channel: 'graph', kind: 'forbidden', endpoints: ['messages'], from: 0, for: 600 },
    { channel: 'statusSite', kind: 'htmlShell', endpoints: ['feed/mac'], from: 0, for: 600 },
  ],
};

const SETTINGS = { intervalMs: 60_000, timeoutMs: 20_000 };

describe('a poll that fails in part', () => {
  let simulator: TestSimulator;
  let database: TestDatabase;
  let app: TestingModule;
  let runner: PollRunner;
  let dataSource: DataSource;
  let graph: Connector;
  let statusSite: Connector;

  beforeAll(async () => {
    simulator = await startTestSimulator(scenario);
    database = await createTestDatabase();
    app = await startIngestionTestModule(database.url);
    runner = app.get(PollRunner);
    dataSource = app.get(DataSource);
    const config = loadConfig({ ...simulator.env, DATABASE_URL: database.url });
    const connectors = createConnectors(config, { graphPacers: new GraphPacerRegistry() });
    graph = connectors.find((connector) => connector.channel === 'GRAPH')!;
    statusSite = connectors.find((connector) => connector.channel === 'STATUS_SITE')!;
    await app.get(SourceRepository).register(
      config.graph.tenants.map((tenant) => ({ id: tenant.id, displayName: tenant.displayName })),
      [graph, statusSite],
      [],
    );
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
    await simulator.stop();
  });

  const source = (connector: Connector) =>
    dataSource.manager.findOneByOrFail(SourceEntity, { channel: connector.channel });
  const storedKinds = async (channel: string): Promise<string[]> =>
    (
      await dataSource.query<Array<{ kind: string; external_id: string }>>(
        `SELECT DISTINCT kind, external_id FROM raw_signals WHERE channel = $1 ORDER BY kind, external_id`,
        [channel],
      )
    ).map((row) => `${row.kind} ${row.external_id}`);

  it('keeps Graph overviews and issues when messages answer 403: DEGRADED, messages named, Graph fresh', async () => {
    const before = new Date();
    await runner.run(graph, SETTINGS);

    const kinds = await storedKinds('GRAPH');
    expect(kinds).toContain('graph.issue EX1210001');
    expect(kinds.some((kind) => kind.startsWith('graph.healthOverview '))).toBe(true);
    expect(kinds.filter((kind) => kind.startsWith('graph.message '))).toEqual([]);
    const after = await source(graph);
    expect(after).toMatchObject({ state: 'DEGRADED', consecutiveFailures: 0 });
    expect(after.lastError).toMatch(
      /^messages: authentication: Graph GET messages for tenant .*: 403 \(Authorization_RequestDenied\)$/,
    );
    // A successful poll as far as freshness goes: degraded mode stays off.
    expect(after.lastSuccessAt?.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(after.lastSuccessAt).toEqual(after.lastAttemptAt);
    expect(after.cursor).toMatchObject({ messagesModifiedSince: null });
  });

  it('reads the messages it missed once the permission is granted, and is HEALTHY again', async () => {
    simulator.timeline.advanceTo(700);
    await runner.run(graph, SETTINGS);

    expect(await storedKinds('GRAPH')).toContain('graph.message MC1210002');
    expect(await source(graph)).toMatchObject({ state: 'HEALTHY', lastError: null });
  });

  it('keeps the status site endpoints that answered when one feed serves a web page', async () => {
    simulator.timeline.advanceTo(0);
    await runner.run(statusSite, SETTINGS);

    const kinds = await storedKinds('STATUS_SITE');
    expect(kinds).toContain('statusSite.feedItem ppac');
    expect(kinds).not.toContain('statusSite.feedItem mac');
    expect(kinds.some((kind) => kind.startsWith('statusSite.post '))).toBe(true);
    const after = await source(statusSite);
    expect(after).toMatchObject({ state: 'DEGRADED', consecutiveFailures: 0 });
    expect(after.lastError).toBe(
      'feed/mac: malformed: Status site GET /api/feed/mac: an HTML page instead of RSS',
    );
  });
});
