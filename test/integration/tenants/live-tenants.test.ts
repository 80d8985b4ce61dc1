import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigModule, loadConfig, Secret, sealSecret } from '#config';
import { PersistenceModule } from '#persistence';
import { MetricsModule } from '#runtime';
import { createTestDatabase, startTestSimulator, type TestDatabase, type TestSimulator } from '#testing';
import type { LoggerService } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { CONNECTOR_SET, type ConnectorSet } from '../../../apps/ingestor/src/connectors.provider.js';
import { IngestorModule } from '../../../apps/ingestor/src/ingestor.module.js';
import type { ScenarioInput } from '../../../apps/simulator/src/index.js';
import { generate } from 'selfsigned';

const KEY = new Secret(Buffer.alloc(32, 42).toString('base64'));

/** Four tenants, contoso's app with a certificate too; tailspin's token endpoint never answers. */
const scenario = (certificate: string): ScenarioInput => ({
  name: 'live-tenants',
  startsAt: '2026-11-20T10:00:00Z',
  duration: 3600,
  tenants: [
    { name: 'contoso', certificate },
    { name: 'fabrikam' },
    { name: 'northwind' },
    { name: 'tailspin' },
  ],
  graph: {
    issues: [
      {
        id: 'EX1201458',
        service: 'Exchange Online',
        title: 'Mail delays',
        startDateTime: '-1h',
        updates: [{ at: -60, status: 'serviceDegradation', post: 'Current status: investigating.' }],
      },
    ],
  },
  faults: [{ channel: 'graph', kind: 'timeout', endpoints: ['token'], tenants: ['tailspin'], from: 0 }],
});

/** Everything Nest logs, one line per call, to find the tenants file's errors in. */
class CapturedLogs implements LoggerService {
  readonly lines: string[] = [];
  log = (...args: unknown[]) => this.lines.push(JSON.stringify(args));
  error = (...args: unknown[]) => this.lines.push(`ERROR ${JSON.stringify(args)}`);
  warn = (...args: unknown[]) => this.lines.push(`WARN ${JSON.stringify(args)}`);
  debug = () => undefined;
  verbose = () => undefined;
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

describe('tenants at run time: the tenants file watched, stored tenants read, while the ingestor runs', () => {
  let simulator: TestSimulator;
  let database: TestDatabase;
  let app: TestingModule;
  let db: DataSource;
  let set: ConnectorSet;
  const logs = new CapturedLogs();
  const file = join(mkdtempSync(join(tmpdir(), 'beacon-live-tenants-')), 'tenants.json');

  const tenant = (name: string) => {
    const found = simulator.simulator.scenario.tenants.find((t) => t.name === name)!;
    return { id: found.id, clientId: found.clientId, clientSecret: found.clientSecret };
  };
  const writeTenants = (entries: object[]) => writeFileSync(file, JSON.stringify(entries));
  const polled = () => new Set(set.current().flatMap((c) => (c.channel === 'GRAPH' ? [c.tenantId] : [])));

  /** The tenant's polls finished so far: all, and those that succeeded. */
  async function polls(name: string): Promise<{ all: number; ok: number }> {
    const [row] = await db.query<{ all: number; ok: number }[]>(
      `SELECT count(*)::int AS all, count(*) FILTER (WHERE r.error_kind IS NULL)::int AS ok
       FROM poll_runs r JOIN sources s ON s.id = r.source_id
       WHERE s.tenant_id = $1 AND r.finished_at IS NOT NULL`,
      [tenant(name).id],
    );
    return row!;
  }
  async function source(name: string) {
    const [row] = await db.query<{ state: string; last_error: string | null }[]>(
      `SELECT state, last_error FROM sources WHERE channel = 'GRAPH' AND tenant_id = $1`,
      [tenant(name).id],
    );
    return row;
  }

  let certificate: { cert: string; private: string };

  beforeAll(async () => {
    certificate = await generate([{ name: 'commonName', value: 'contoso app' }], {
      keyType: 'rsa',
      keySize: 2048,
    });
    simulator = await startTestSimulator(scenario(certificate.cert));
    database = await createTestDatabase();
    writeTenants([tenant('contoso')]);
    const config = loadConfig({
      ...simulator.env,
      TENANTS_FILE: file,
      STATUS_SITE_URL: '',
      X_BEARER_TOKEN: '',
      DATABASE_URL: database.url,
      GRAPH_POLL_SECONDS: '1',
      POLL_TIMEOUT_SECONDS: '5',
      TENANT_CREDENTIALS_KEY: KEY.reveal(),
    });
    app = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(config),
        PersistenceModule.forRoot(database.url),
        MetricsModule,
        IngestorModule,
      ],
    }).compile();
    app.useLogger(logs);
    await app.init();
    db = app.get(DataSource);
    set = app.get(CONNECTOR_SET);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await simulator?.stop();
    await database?.drop();
  });

  it('polls the tenant of the file it started with', async () => {
    await waitFor('contoso polled', async () => (await polls('contoso')).ok > 0);
    expect(polled()).toEqual(new Set([tenant('contoso').id]));
  });

  it('keeps the tenants in force when the file is broken, and says why in an error', async () => {
    writeFileSync(file, '[{ "id": "half-written"');
    await waitFor('the error logged', () =>
      logs.lines.some((line) => /ERROR.*tenants file not applied/.test(line)),
    );
    expect(logs.lines.find((line) => line.includes('tenants file not applied'))).toMatch(/not valid JSON/);

    writeTenants([tenant('contoso'), { id: 'x', clientId: 'c', clientSecretVariable: 'UNSET_VARIABLE' }]);
    await waitFor('the second error logged', () =>
      logs.lines.some((line) => /UNSET_VARIABLE is not set/.test(line)),
    );

    const before = (await polls('contoso')).ok;
    await waitFor('contoso polled again', async () => (await polls('contoso')).ok > before + 1);
    expect(polled()).toEqual(new Set([tenant('contoso').id]));
  });

  it('adds tenants from the file: a good one is polled, bad credentials show on their source, a stuck one slows no other', async () => {
    const wrong = { ...tenant('fabrikam'), clientSecret: 'not-the-secret' };
    const contosoBefore = (await polls('contoso')).ok;
    writeTenants([tenant('contoso'), wrong, tenant('northwind'), tenant('tailspin')]);

    await waitFor('northwind polled', async () => (await polls('northwind')).ok > 0);
    await waitFor('fabrikam failed', async () => (await polls('fabrikam')).all > 0);
    expect(await source('fabrikam')).toMatchObject({
      state: expect.stringMatching(/DEGRADED|DOWN/),
      last_error: expect.stringMatching(/^authentication: .*invalid_client \(AADSTS7000215\)/),
    });
    expect((await polls('fabrikam')).ok).toBe(0);

    // Tailspin's token request hangs for a whole poll time-out (5 s) from when it was added: meanwhile
    // contoso keeps its 1 s pace (about five polls), and northwind too.
    await waitFor('tailspin timed out', async () => (await polls('tailspin')).all > 0, 20_000);
    expect((await polls('contoso')).ok - contosoBefore).toBeGreaterThanOrEqual(3);
    expect((await polls('northwind')).ok).toBeGreaterThanOrEqual(3);
    expect((await source('tailspin'))?.last_error).toMatch(/^timeout/);
  }, 40_000);

  it('uses a rotated secret for the next token', async () => {
    const failed = (await polls('fabrikam')).all;
    writeTenants([tenant('contoso'), tenant('fabrikam'), tenant('northwind'), tenant('tailspin')]);
    await waitFor(
      'fabrikam polled with its new secret',
      async () => (await polls('fabrikam')).ok > 0,
      20_000,
    );
    expect((await polls('fabrikam')).all).toBeGreaterThan(failed);
    expect(await source('fabrikam')).toMatchObject({ state: 'HEALTHY', last_error: null });
  }, 30_000);

  it('stops polling a removed tenant and keeps its data', async () => {
    writeTenants([tenant('fabrikam'), tenant('northwind')]);
    await waitFor('contoso removed', () => !polled().has(tenant('contoso').id));
    await sleep(1500); // a poll already running may finish
    const after = await polls('contoso');
    await sleep(2500);
    expect(await polls('contoso')).toEqual(after);
    expect((await source('contoso'))?.state).toBe('DISABLED');
    const [signals] = await db.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM raw_signals WHERE tenant_id = $1`,
      [tenant('contoso').id],
    );
    expect(signals!.count).toBeGreaterThan(0);
    expect((await polls('northwind')).ok).toBeGreaterThan(0);
  });

  it('adds a stored tenant (as the admin mutations store it) within a refresh, with a certificate, and the file wins over a stored one', async () => {
    const store = async (
      name: string,
      kind: 'secret' | 'certificate',
      secret: string,
      pem: string | null,
    ) => {
      const { id, clientId } = tenant(name);
      await db.query(`INSERT INTO tenants (id, display_name) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
        id,
        name,
      ]);
      await db.query(
        `INSERT INTO tenant_credentials (tenant_id, client_id, kind, sealed_secret, certificate)
         VALUES ($1, $2, $3, $4, $5)`,
        [id, clientId, kind, sealSecret(secret, KEY, id), pem],
      );
    };
    // Contoso signs in with its certificate now: a client assertion the simulator verifies.
    await store('contoso', 'certificate', certificate.private, certificate.cert);
    // The file lists northwind: its stored copy (with a wrong secret) is not used.
    await store('northwind', 'secret', 'wrong', null);

    await waitFor(
      'contoso polled again, as a stored tenant',
      () => polled().has(tenant('contoso').id),
      10_000,
    );
    const before = (await polls('contoso')).ok;
    await waitFor('contoso polled', async () => (await polls('contoso')).ok > before, 10_000);
    expect((await source('contoso'))?.last_error).toBeNull();
    expect(logs.lines.some((line) => /WARN.*shadowed by the tenants file/.test(line))).toBe(true);
    const northwind = (await polls('northwind')).ok;
    await waitFor(
      'northwind still polled with the file’s secret',
      async () => (await polls('northwind')).ok > northwind,
    );
    expect((await source('northwind'))?.last_error).toBeNull();

    await db.query(`DELETE FROM tenant_credentials WHERE tenant_id = $1`, [tenant('contoso').id]);
    await waitFor('contoso removed again', () => !polled().has(tenant('contoso').id), 10_000);
  }, 40_000);
});
