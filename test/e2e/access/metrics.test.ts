import { ConfigModule, loadConfig } from '#config';
import { IngestionModule } from '#ingestion';
import { PersistenceModule } from '#persistence';
import { MetricsModule, type RunningBeacon, startBeacon } from '#runtime';
import { createTestDatabase, type TestDatabase } from '#testing';
import { Test } from '@nestjs/testing';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { ApiKeyAdminService } from '../../../apps/api/src/auth/api-key-admin.service.js';
import { startApi, testConfig } from '../api/support/api-client.js';

const ADMIN = 'metrics-admin-key-0123456789';

describe('/metrics', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database.drop();
  });

  describe('in a process that serves the API', () => {
    let beacon: RunningBeacon;
    let viewer: string;

    beforeAll(async () => {
      beacon = await startApi(testConfig(database.url, { API_KEYS: ADMIN }));
      viewer = (await beacon.app.get(ApiKeyAdminService).create({ name: 'v', role: 'viewer' }, 'test')).key;
    });

    afterAll(async () => {
      await beacon?.close();
    });

    const scrape = (key?: string) =>
      fetch(`${beacon.url}/metrics`, { headers: key ? { authorization: `Bearer ${key}` } : {} });

    it('needs a key (401), an admin’s (403 for a viewer), and then answers', async () => {
      const anonymous = await scrape();
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="beacon"');
      expect((await scrape(viewer)).status).toBe(403);
      const admin = await scrape(ADMIN);
      expect(admin.status).toBe(200);
      expect(await admin.text()).toContain('beacon_process_cpu_seconds_total');
    });
  });

  it('in a process without the API (no keys), answers this machine', async () => {
    const beacon = await startBeacon({
      config: testConfig(database.url),
      logger: pino({ level: 'silent' }),
      features: [],
    });
    try {
      expect((await fetch(`${beacon.url}/metrics`)).status).toBe(200);
    } finally {
      await beacon.close();
    }
  });

  describe.each([
    ['unset', {}, false],
    ['true', { METRICS_TENANT_LABELS: 'true' }, true],
  ])('with METRICS_TENANT_LABELS %s', (_name, env, labelled) => {
    it(
      labelled ? 'labels Graph metrics by tenant' : 'names no tenant, and gives a channel its stalest age',
      async () => {
        const module = await Test.createTestingModule({
          imports: [
            ConfigModule.forRoot(loadConfig({ DATABASE_URL: database.url, ...env })),
            PersistenceModule.forRoot(database.url),
            MetricsModule,
            IngestionModule,
          ],
        }).compile();
        await module.init();
        try {
          const dataSource = module.get(DataSource);
          await dataSource.query(
            `INSERT INTO tenants (id, display_name) VALUES ('contoso.test', 'C'), ('fabrikam.test', 'F') ON CONFLICT DO NOTHING`,
          );
          await dataSource.query(`DELETE FROM sources`);
          await dataSource.query(
            `INSERT INTO sources (channel, tenant_id, state, last_success_at) VALUES
             ('GRAPH', 'contoso.test', 'HEALTHY', now() - interval '10 seconds'),
             ('GRAPH', 'fabrikam.test', 'HEALTHY', now() - interval '600 seconds')`,
          );
          const metrics = await module.get(Registry).metrics();
          const ages = [
            ...metrics.matchAll(/^beacon_data_age_seconds\{channel="GRAPH",tenant="([^"]*)"\} ([\d.]+)$/gm),
          ];
          if (labelled) {
            expect(ages.map(([, tenant]) => tenant).sort()).toEqual(['contoso.test', 'fabrikam.test']);
          } else {
            expect(metrics).not.toContain('contoso.test');
            expect(metrics).not.toContain('fabrikam.test');
            expect(ages).toHaveLength(1);
            expect(Number(ages[0]![2])).toBeGreaterThanOrEqual(600);
          }
        } finally {
          await module.close();
        }
      },
    );
  });
});
