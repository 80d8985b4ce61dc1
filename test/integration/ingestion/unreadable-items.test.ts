import { createConnectors, GraphPacerRegistry, type Connector } from '#connectors';
import { loadConfig } from '#config';
import { Correlator } from '#correlation';
import { SourceRepository } from '#persistence';
import { PollRunner } from '#ingestion';
import { correlateAll, createTestDatabase, startIngestionTestModule, type TestDatabase } from '#testing';
import type { TestingModule } from '@nestjs/testing';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';

/**
 * A status site whose consumer posts include one without its workload name (the connector's own answer
 * samples, served over loopback HTTP): the odd item is stored as received and marked unreadable, the poll
 * run says how many, and the good items are correlated as usual.
 */
const FIXTURES = new URL('../../../libs/connectors/src/status-site/fixtures/', import.meta.url);
const ANSWERS: Record<string, [string, string]> = {
  '/api/feed/mac': ['feed-mac.xml', 'application/rss+xml'],
  '/api/feed/ppac': ['feed-ppac-available.xml', 'application/rss+xml'],
  '/api/posts/mac': ['posts-mac.json', 'application/json'],
  '/api/posts/m365Consumer': ['posts-m365consumer.json', 'application/json'],
};

describe('an item that fails validation', () => {
  let server: Server;
  let database: TestDatabase;
  let app: TestingModule;
  let dataSource: DataSource;
  let statusSite: Connector;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const [file, type] = ANSWERS[request.url ?? ''] ?? [];
      if (!file) return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': type }).end(readFileSync(new URL(file, FIXTURES)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    database = await createTestDatabase();
    app = await startIngestionTestModule(database.url);
    dataSource = app.get(DataSource);
    const config = loadConfig({ DATABASE_URL: database.url, STATUS_SITE_URL: origin });
    [statusSite] = createConnectors(config, { graphPacers: new GraphPacerRegistry() }).filter(
      (connector) => connector.channel === 'STATUS_SITE',
    ) as [Connector];
    await app.get(SourceRepository).register([], [statusSite], []);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('is stored marked unreadable, counted in the poll run, while the good items are correlated', async () => {
    await app.get(PollRunner).run(statusSite, { intervalMs: 60_000, timeoutMs: 20_000 });
    await correlateAll(app.get(Correlator), new Date());

    const unreadable = await dataSource.query<Array<{ external_id: string; unreadable: string }>>(
      `SELECT external_id, unreadable FROM raw_signals WHERE unreadable IS NOT NULL`,
    );
    expect(unreadable).toEqual([
      {
        external_id: 'a1f0c2d3-0000-4000-8000-000000000003',
        unreadable: expect.stringMatching(
          /^statusSite\.post a1f0c2d3-0000-4000-8000-000000000003: ServiceWorkloadName: /,
        ),
      },
    ]);
    const [payload] = await dataSource.query<Array<{ payload: Record<string, unknown> }>>(
      `SELECT p.payload FROM raw_signals s JOIN raw_payloads p ON p.hash = s.payload_hash
       WHERE s.unreadable IS NOT NULL`,
    );
    expect(payload?.payload).toMatchObject({ ServiceDisplayName: 'A workload without its workload name' });
    const [run] = await dataSource.query<Array<{ error_kind: string; error: string }>>(
      `SELECT error_kind, error FROM poll_runs`,
    );
    expect(run).toEqual({
      error_kind: 'partial',
      error: '1 item(s) failed validation and were stored unreadable',
    });
    const incidents = await dataSource.query<Array<{ reference: string }>>(`SELECT reference FROM incidents`);
    expect(incidents.map((incident) => incident.reference)).toContain('MO1199001');
  });
});
