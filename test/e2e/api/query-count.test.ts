import type { RunningBeacon } from '#runtime';
import {
  createTestDatabase,
  graphHealthOverviewSignal,
  graphIssueSignal,
  type TestDatabase,
  xPostSignal,
} from '#testing';
import type pg from 'pg';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { READS } from '#persistence';
import { ChangeListener } from '../../../apps/api/src/subscriptions/change.listener.js';
import { atBucketStart } from '../api-cache/support.js';
import { query, startApi, testConfig } from './support/api-client.js';
import { TestIngestor } from './support/ingestor.js';

const TENANT = 'contoso.onmicrosoft.com';
const SERVICES = [
  ['Exchange', 'Exchange Online', 'EX'],
  ['microsoftteams', 'Microsoft Teams', 'TM'],
  ['SharePoint', 'SharePoint Online', 'SP'],
] as const;

const PAGE_WITH_EVERYTHING = `query($first: Int) {
  incidents(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id aliases tenantIds title status level
      updates { id channel postedAt text kind }
      sightings { channel firstSeenAt lastSeenAt }
      service { id name status { level channel stale } activeIncidents { id title updates { id } } }
    } }
  }
}`;

/** The same, with the incident's fields in a fragment. */
const PAGE_WITH_FRAGMENTS = `query($first: Int) {
  incidents(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { ...incident } }
  }
}
fragment incident on Incident {
  id aliases tenantIds title status level
  ... on Incident { updates { id channel postedAt text kind } }
  sightings { channel firstSeenAt lastSeenAt }
  service { id name status { level channel stale } activeIncidents { id title updates { id } } }
}`;

describe('SQL queries per GraphQL request', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;
  let ingestor: TestIngestor;
  const statements: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = testConfig(database.url, {
      GRAPH_TENANT_ID: TENANT,
      GRAPH_CLIENT_ID: 'c',
      GRAPH_CLIENT_SECRET: 's',
    });
    ingestor = await TestIngestor.start(config, database.url);
    await ingestor.registerTenants([{ id: TENANT }]);
    const start = Date.UTC(2026, 10, 20, 8);
    const minute = (n: number) => new Date(start + n * 60_000).toISOString();
    // 120 incidents over three services, three Graph posts each, and an X post on every third.
    await ingestor.ingest(
      [
        ...SERVICES.map(([id, name]) => graphHealthOverviewSignal(TENANT, id, name, 'serviceDegradation')),
        ...Array.from({ length: 120 }, (_, n) => {
          const [, service, prefix] = SERVICES[n % 3]!;
          return graphIssueSignal(TENANT, {
            id: `${prefix}${1_300_000 + n}`,
            service,
            isResolved: n % 4 === 0,
            status: n % 4 === 0 ? 'serviceRestored' : 'serviceDegradation',
            startDateTime: minute(n),
            lastModifiedDateTime: minute(n + 30),
            posts: [0, 10, 20].map((offset) => ({
              createdDateTime: minute(n + offset),
              content: `Update ${offset} on ${n}.`,
            })),
          });
        }),
      ],
      new Date(minute(200)),
    );
    await ingestor.ingest(
      Array.from({ length: 40 }, (_, k) => {
        const n = k * 3;
        return xPostSignal(
          `x-${n}`,
          `We're looking into reports of delays. EX${1_300_000 + n}`,
          new Date(minute(n + 5)),
        );
      }),
      new Date(minute(210)),
    );
    beacon = await startApi(config);

    // Every read of the API goes through its read pool: count them there.
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
    await beacon?.close();
    await ingestor?.close();
    await database.drop();
  });

  /** What the read cache kept would spare statements: a change notice empties it (apps/api/src/cache). */
  async function emptyReadCache(): Promise<void> {
    const heard = new Promise<void>((resolve) => {
      const stop = beacon.app.get(ChangeListener).subscribe(() => {
        stop();
        resolve();
      });
    });
    await ingestor.dataSource.query(
      `SELECT pg_notify('beacon_changes', '{"type":"incident","incidentId":"none"}')`,
    );
    await heard;
  }

  async function statementsFor(
    first: number,
    text = PAGE_WITH_EVERYTHING,
  ): Promise<{ count: number; edges: number }> {
    await emptyReadCache();
    statements.length = 0;
    const { incidents } = await query(beacon.url, text, { first });
    expect(incidents.edges[0].node.updates.length).toBeGreaterThanOrEqual(3);
    expect(incidents.edges[0].node.service.activeIncidents.length).toBeGreaterThan(0);
    return { count: statements.length, edges: incidents.edges.length };
  }

  it('is the same small number for a page of 5 or of 100 incidents with their updates, sightings and services', async () => {
    const small = await statementsFor(5);
    const large = await statementsFor(100);
    expect(large.edges).toBe(100);
    // The page with its total (one statement: one snapshot); one batch each for the page's aliases, tenants,
    // updates, sightings and services; one for the services' active incidents, and one for the updates of
    // those (a level deeper).
    expect(large.count).toBe(8);
    expect(small.count).toBe(large.count);
    expect((await statementsFor(100, PAGE_WITH_FRAGMENTS)).count).toBe(large.count);
  });

  it('is nothing for the same page asked again before anything changes (the read cache)', async () => {
    await atBucketStart(); // what it keeps is read again every 5 s
    await statementsFor(20);
    statements.length = 0;
    await query(beacon.url, PAGE_WITH_EVERYTHING, { first: 20 });
    expect(statements).toHaveLength(0); // the whole answer, total included, from memory
    await query(beacon.url, PAGE_WITH_FRAGMENTS, { first: 20 });
    // Another document runs, on the fields kept (the page, with the total it was read with): nothing either.
    expect(statements).toHaveLength(0);
  });
});
