import type { RunningBeacon } from '#runtime';
import {
  createTestDatabase,
  graphHealthOverviewSignal,
  graphIssueSignal,
  type TestDatabase,
  xPostSignal,
} from '#testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Client } from 'graphql-ws';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { READS } from '#persistence';
import { startApi, testConfig } from './support/api-client.js';
import { TestIngestor } from './support/ingestor.js';
import { CONTOSO, FABRIKAM } from './support/scenario.js';
import { tenantsFile } from './support/tenants-file.js';
import { wsClient } from './support/ws-client.js';

interface IncidentEvent {
  id: string;
  tenantIds: string[];
  updates: Array<{ text: string }>;
  sightings: Array<{ channel: string }>;
  service: { id: string; status: { level: string }; activeIncidents: Array<{ id: string }> } | null;
}

/** Nested fields of every kind: the incident's own lists, and its service as the tenant sees it. */
const INCIDENT_UPDATED = `subscription($tenantId: ID) { incidentUpdated(tenantId: $tenantId) {
  id tenantIds updates { text } sightings { channel }
  service { id status { level } activeIncidents { id } } } }`;

/** Exchange as each tenant's Graph says it is: the tenant view decides what an event's `service` shows. */
const EXCHANGE_LEVEL = { [CONTOSO]: 'INTERRUPTED', [FABRIKAM]: 'OPERATIONAL' } as const;

/** One graphql-ws client with one subscription, keeping every event it hears. */
class Listener {
  readonly events: IncidentEvent[] = [];
  readonly errors: unknown[] = [];
  private readonly client: Client;

  constructor(
    url: string,
    readonly tenantId: string,
  ) {
    this.client = wsClient(url);
    this.client.subscribe<{ incidentUpdated: IncidentEvent }>(
      { query: INCIDENT_UPDATED, variables: { tenantId } },
      {
        next: (result) => {
          if (result.errors) this.errors.push(result.errors);
          else this.events.push(result.data!.incidentUpdated);
        },
        error: (error) => this.errors.push(error),
        complete: () => undefined,
      },
    );
  }

  close(): Promise<void> {
    return this.client.dispose() as Promise<void>;
  }
}

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('live updates: one read per change and tenant view, whatever the audience', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;
  let ingestor: TestIngestor;
  const statements: string[] = [];
  let listeners: Listener[] = [];
  let posts = 0;

  /** An X post on the provisional Exchange incident EX1800001, which both tenants see. */
  const xPost = () => {
    posts += 1;
    return ingestor.ingest(
      [
        xPostSignal(
          `p-${posts}`,
          `Update ${posts}: we're investigating delays in Exchange Online. EX1800001`,
          new Date(),
        ),
      ],
      new Date(),
    );
  };
  const carriesLatestPost = (event: IncidentEvent) =>
    event.id === 'EX1800001' && event.updates.at(-1)?.text.startsWith(`Update ${posts}:`) === true;

  /** Opens `perTenant` listeners for each tenant, and posts until every one of them hears the incident. */
  async function audience(perTenant: number): Promise<Listener[]> {
    await Promise.all(listeners.map((listener) => listener.close()));
    listeners = [CONTOSO, FABRIKAM].flatMap((tenant) =>
      Array.from({ length: perTenant }, () => new Listener(beacon.url, tenant)),
    );
    for (let attempt = 0; listeners.some((listener) => listener.events.length === 0); attempt++) {
      if (attempt === 100) throw new Error('some subscriptions never heard a change');
      await xPost();
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return listeners;
  }

  /** The read pool's statements for one post, from its commit until every listener has its event. */
  async function statementsForOnePost(): Promise<string[]> {
    statements.length = 0;
    await xPost();
    await until(() => listeners.every((listener) => listener.events.some(carriesLatestPost)), 'all heard');
    return [...statements];
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = testConfig(database.url, {
      TENANTS_FILE: tenantsFile(CONTOSO, FABRIKAM),
      WS_CONNECTIONS_PER_KEY: '10000',
      RATE_LIMIT_PER_ADDRESS: '0',
      RATE_LIMIT_PER_KEY: '0',
    });
    ingestor = await TestIngestor.start(config, database.url);
    await ingestor.registerTenants([{ id: CONTOSO }, { id: FABRIKAM }]);
    // Each tenant's Graph is fresh and says something else about Exchange.
    const now = new Date();
    for (const tenant of [CONTOSO, FABRIKAM]) {
      await ingestor.setSource({ channel: 'GRAPH', tenantId: tenant, state: 'HEALTHY', lastSuccessAt: now });
    }
    await ingestor.ingest(
      [
        graphHealthOverviewSignal(CONTOSO, 'Exchange', 'Exchange Online', 'serviceInterruption'),
        graphHealthOverviewSignal(FABRIKAM, 'Exchange', 'Exchange Online', 'serviceOperational'),
      ],
      now,
    );
    beacon = await startApi(config);

    const reads = beacon.app.get<DataSource>(getDataSourceToken(READS));
    const pool = (reads.driver as PostgresDriver).master as pg.Pool;
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    pool.query = ((...args: unknown[]) => {
      const config = args[0] as string | { text: string };
      statements.push(typeof config === 'string' ? config : config.text);
      return query(...args);
    }) as typeof pool.query;
  });

  afterAll(async () => {
    await Promise.all(listeners.map((listener) => listener.close()));
    await beacon?.close();
    await ingestor?.close();
    await database.drop();
  });

  it('costs the database the same for 150 subscribers per tenant as for one', async () => {
    await audience(1);
    const one = await statementsForOnePost();
    await audience(150);
    const many = await statementsForOnePost();

    // The incident itself once; its updates, sightings, tenants, service and the service's active
    // incidents once per tenant view.
    expect(one.length).toBeGreaterThanOrEqual(1 + 2 * 3);
    expect(many).toHaveLength(one.length);
    expect(listeners.every((listener) => listener.errors.length === 0)).toBe(true);
  });

  it("gives each subscriber its own tenant's view of a shared event, and no other tenant's incidents", async () => {
    await audience(100);
    // Teams, not Exchange: a Graph issue of Exchange would take the provisional incident in.
    await ingestor.ingest(
      [graphIssueSignal(FABRIKAM, { id: 'TM1800002', service: 'Microsoft Teams' })],
      new Date(),
    );
    await statementsForOnePost();

    for (const listener of listeners) {
      const latest = listener.events.find(carriesLatestPost)!;
      expect(latest.service).toMatchObject({
        id: 'Exchange',
        status: { level: EXCHANGE_LEVEL[listener.tenantId as keyof typeof EXCHANGE_LEVEL] },
      });
      // Events are delivered in commit order: Fabrikam's issue came before the post.
      const fabrikamOnly = listener.events.filter((event) => event.id === 'TM1800002');
      if (listener.tenantId === FABRIKAM) {
        expect(fabrikamOnly.length).toBeGreaterThanOrEqual(1);
        expect(fabrikamOnly.every((event) => event.tenantIds.join() === FABRIKAM)).toBe(true);
      } else {
        expect(fabrikamOnly).toHaveLength(0);
      }
    }
  });
});
