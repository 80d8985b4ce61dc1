import { loadConfig, Secret, type BeaconConfig } from '#config';
import {
  createDataSource,
  NotificationRuleEntity,
  NotificationTargetEntity,
  SourceEntity,
} from '#persistence';
import { sealTargetSecrets } from '#notifications';
import { startBeacon, type RunningBeacon } from '#runtime';
import { createTestDatabase, startTestSimulator, type TestDatabase, type TestSimulator } from '#testing';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import { IngestorModule } from '../../../apps/ingestor/src/ingestor.module.js';

interface Body {
  event: string;
  kind: string;
  tenantId: string | null;
  channel?: string;
  entered?: boolean;
  down?: boolean;
  since?: string;
  downSince?: string;
}

/**
 * The time-driven events through the whole pipeline: the `admin-center-outage` story's Graph outage (every
 * tenant from 90 s; Fabrikam back at 260 s, Contoso at 300 s) makes each tenant enter and leave degraded
 * mode and its Graph source go down for longer than the rule's minutes (a minute is 1 s here) and come
 * back; each reaches the webhook once, in order, and an ingestor restarted mid-outage sends nothing again.
 */
describe('degraded mode and sources down, announced by the ingestor', () => {
  let database: TestDatabase;
  let simulator: TestSimulator;
  let beacon: RunningBeacon | undefined;
  let dataSource: DataSource;
  let config: BeaconConfig;
  const secretsKey = Buffer.alloc(32, 9).toString('base64');

  beforeAll(async () => {
    database = await createTestDatabase();
    simulator = await startTestSimulator('admin-center-outage');
    config = loadConfig({
      ...simulator.env,
      DATABASE_URL: database.url,
      GRAPH_POLL_SECONDS: '1',
      STATUS_SITE_POLL_SECONDS: '1',
      X_POLL_SECONDS: '1',
      POLL_TIMEOUT_SECONDS: '2',
      GRAPH_STALE_SECONDS: '4',
      NOTIFY_HOLD_SECONDS: '1',
      NOTIFY_POLL_MS: '100',
      NOTIFY_TIME_CHECK_MS: '200',
      NOTIFY_SOURCE_DOWN_MINUTE_MS: '1000',
      TENANT_CREDENTIALS_KEY: secretsKey,
    });
    config.http.port = 0;
    dataSource = createDataSource(database.url);
    await dataSource.initialize();
    const manager = dataSource.manager;
    const targetId = randomUUID();
    await manager.save(
      manager.create(NotificationTargetEntity, {
        id: targetId,
        name: 'ops',
        kind: 'webhook',
        config: {},
        secrets: sealTargetSecrets(
          { url: `${simulator.simulator.urls.receivers}/webhooks/ops` },
          new Secret(secretsKey),
          targetId,
        ),
      }),
    );
    await manager.save(
      manager.create(NotificationRuleEntity, {
        targetId,
        events: ['degraded_entered', 'degraded_left', 'source_down'],
        sourceDownMinutes: 3,
      }),
    );
    beacon = await start();
  });

  afterAll(async () => {
    await beacon?.close();
    await dataSource?.destroy();
    await simulator?.stop();
    await database?.drop();
  });

  const start = () => startBeacon({ config, logger: pino({ level: 'silent' }), features: [IngestorModule] });
  const webhook = () => simulator.receivers.inbox.messages('/webhooks/ops').map((m) => m.body as Body);
  /** The simulator's tenants' ids (GUIDs), by the story's names. */
  const tenantIds = new Map<string, string>();
  /** What the webhook heard of one subject, in order. */
  const story = (kind: 'degradedMode' | 'sourceHealth', tenant: string) =>
    webhook()
      .filter((m) => m.kind === kind && m.tenantId === tenantIds.get(tenant))
      .map((m) => `${m.event} ${kind === 'degradedMode' ? m.entered : m.down}`);

  async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 60_000) {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
      if (await condition()) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`never: ${what}; the webhook heard ${JSON.stringify(webhook())}`);
  }

  const graphAnswered = async () => {
    const sources = await dataSource.manager.findBy(SourceEntity, { channel: 'GRAPH' });
    return sources.length === 2 && sources.every((source) => source.state === 'HEALTHY');
  };

  it('says nothing while Graph answers', async () => {
    simulator.timeline.advanceTo(0);
    await until('Graph answered for both tenants', graphAnswered);
    const tenants: Array<{ id: string; display_name: string }> = await dataSource.query(
      'SELECT id, display_name FROM tenants',
    );
    for (const { id, display_name } of tenants)
      tenantIds.set(display_name.startsWith('Contoso') ? 'contoso' : 'fabrikam', id);
    expect(tenantIds.size).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 5000));
    expect(webhook()).toEqual([]);
  }, 90_000);

  it('announces each tenant entering degraded mode and its Graph down for three "minutes", once', async () => {
    simulator.timeline.advanceTo(95);
    await until('every tenant degraded and its Graph down', () =>
      ['contoso', 'fabrikam'].every(
        (tenant) => story('degradedMode', tenant).length === 1 && story('sourceHealth', tenant).length === 1,
      ),
    );
    for (const tenant of ['contoso', 'fabrikam']) {
      expect(story('degradedMode', tenant)).toEqual(['degraded_entered true']);
      expect(story('sourceHealth', tenant)).toEqual(['source_down true']);
    }
    // The public channels kept answering: no other source is down.
    expect(webhook().filter((m) => m.kind === 'sourceHealth' && m.channel !== 'GRAPH')).toEqual([]);
  }, 90_000);

  it('sends nothing again when the ingestor restarts mid-outage', async () => {
    const before = webhook().length;
    await beacon?.close();
    beacon = await start();
    // Many looks of the new process (every 200 ms), polls failing on.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    expect(webhook()).toHaveLength(before);
    expect(simulator.receivers.inbox.duplicates('/webhooks/ops')).toBe(0);
  }, 90_000);

  it('announces each tenant leaving degraded mode and its Graph back up as it recovers, once', async () => {
    simulator.timeline.advanceTo(265);
    await until('Fabrikam recovered', () => story('degradedMode', 'fabrikam').length === 2);
    await until('Fabrikam back up', () => story('sourceHealth', 'fabrikam').length === 2);
    // Contoso's Graph still answers 502 until 300 s.
    expect(story('degradedMode', 'contoso')).toEqual(['degraded_entered true']);

    simulator.timeline.advanceTo(305);
    await until('Contoso recovered', () => story('degradedMode', 'contoso').length === 2);
    await until('Contoso back up', () => story('sourceHealth', 'contoso').length === 2);
    await new Promise((resolve) => setTimeout(resolve, 3000));

    for (const tenant of ['contoso', 'fabrikam']) {
      expect(story('degradedMode', tenant)).toEqual(['degraded_entered true', 'degraded_left false']);
      expect(story('sourceHealth', tenant)).toEqual(['source_down true', 'source_down false']);
      // The end names the episode its beginning named.
      const ofTenant = webhook().filter((m) => m.tenantId === tenantIds.get(tenant));
      const [entered, left] = ofTenant.filter((m) => m.kind === 'degradedMode');
      expect(left?.since).toBe(entered?.since);
      const [down, up] = ofTenant.filter((m) => m.kind === 'sourceHealth');
      expect(up?.downSince).toBe(down?.downSince);
    }
    expect(webhook()).toHaveLength(8);
    expect(simulator.receivers.inbox.duplicates('/webhooks/ops')).toBe(0);
    const states = await dataSource.query(
      `SELECT DISTINCT state FROM notification_deliveries ORDER BY state`,
    );
    expect(states).toEqual([{ state: 'sent' }]);
  }, 120_000);
});
