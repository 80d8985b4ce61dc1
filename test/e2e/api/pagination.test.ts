import type { RunningBeacon } from '#runtime';
import { createTestDatabase, graphIssueSignal, type TestDatabase } from '#testing';
import { query, startApi, testConfig } from './support/api-client.js';
import { TestIngestor } from './support/ingestor.js';
import { graphMessageSignal } from './support/scenario.js';

const TENANT = 'contoso.onmicrosoft.com';
const start = Date.UTC(2026, 9, 1, 8);
const minute = (n: number) => new Date(start + n * 60_000);

interface Page {
  edges: Array<{ cursor: string; node: { id: string } }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

describe('pagination', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;
  let ingestor: TestIngestor;
  let arrivals = 0;

  /** An incident newer than every other, as a poll brings one in. */
  const anotherIncidentArrives = () => {
    arrivals += 1;
    return ingestor.ingest(
      [
        graphIssueSignal(TENANT, {
          id: `EX${1_400_000 + arrivals}`,
          startDateTime: new Date().toISOString(),
          lastModifiedDateTime: new Date().toISOString(),
        }),
        graphMessageSignal(TENANT, {
          id: `MC${1_400_000 + arrivals}`,
          title: 'New message',
          body: 'Arrived while paging.',
          lastModified: new Date(),
        }),
      ],
      new Date(),
    );
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = testConfig(database.url, {
      GRAPH_TENANT_ID: TENANT,
      GRAPH_CLIENT_ID: 'c',
      GRAPH_CLIENT_SECRET: 's',
    });
    ingestor = await TestIngestor.start(config, database.url);
    await ingestor.registerTenants([{ id: TENANT }]);
    // 57 incidents and messages; every time is shared by three of them, so the id has to break ties.
    await ingestor.ingest(
      Array.from({ length: 57 }, (_, n) => [
        graphIssueSignal(TENANT, {
          id: `SP${1_300_100 + n}`,
          service: 'SharePoint Online',
          isResolved: n % 2 === 0,
          startDateTime: minute(Math.floor(n / 3)).toISOString(),
          lastModifiedDateTime: minute(Math.floor(n / 3) + 1).toISOString(),
        }),
        graphMessageSignal(TENANT, {
          id: `MC${1_300_100 + n}`,
          title: `Message ${n}`,
          body: 'Planned change.',
          lastModified: minute(Math.floor(n / 3)),
        }),
      ]).flat(),
      minute(100),
    );
    beacon = await startApi(config);
  });

  afterAll(async () => {
    await beacon?.close();
    await ingestor?.close();
    await database.drop();
  });

  async function readToTheEnd(
    list: 'incidents' | 'messages',
    filter: Record<string, unknown>,
    first: number,
  ): Promise<string[]> {
    const text = `query($first: Int, $after: String, $filter: ${list === 'incidents' ? 'IncidentFilter' : 'MessageFilter'}) {
      ${list}(first: $first, after: $after, filter: $filter) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const page: Page = (await query(beacon.url, text, { first, after, filter }))[list];
      seen.push(...page.edges.map((edge) => edge.node.id));
      if (page.edges.length > 0) expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
      if (!page.pageInfo.hasNextPage) return seen;
      after = page.pageInfo.endCursor;
      await anotherIncidentArrives();
    }
    throw new Error('the list never ended');
  }

  const sortedNewestFirst = (ids: string[]) => [...ids].sort().reverse();

  it('reads every incident once, newest first, while new ones arrive', async () => {
    const before = arrivals;
    const ids = await readToTheEnd('incidents', {}, 10);
    const original = Array.from({ length: 57 }, (_, n) => `SP${1_300_100 + n}`);
    // Those that arrived before the first page are on it; none that arrived while paging is.
    const arrivedEarlier = Array.from({ length: before }, (_, n) => `EX${1_400_001 + n}`).reverse();
    expect(ids).toEqual([...arrivedEarlier, ...sortedNewestFirst(original)]);
    expect(arrivals - before).toBe(Math.ceil(ids.length / 10) - 1);
  });

  it('reads a filtered list to the end the same way', async () => {
    const ids = await readToTheEnd('incidents', { active: true, serviceIds: ['SharePoint'] }, 7);
    const active = Array.from({ length: 57 }, (_, n) => n)
      .filter((n) => n % 2 === 1)
      .map((n) => `SP${1_300_100 + n}`);
    expect(ids).toEqual(sortedNewestFirst(active));
  });

  it('reads every message once while new ones arrive', async () => {
    const ids = await readToTheEnd('messages', { search: 'planned' }, 20);
    expect(ids).toEqual(sortedNewestFirst(Array.from({ length: 57 }, (_, n) => `MC${1_300_100 + n}`)));
  });

  it('ends with an empty last page when the list ends on a page boundary', async () => {
    const { incidents } = await query(
      beacon.url,
      '{ incidents(first: 100, filter: { serviceIds: ["NoSuchService"] }) { edges { cursor } pageInfo { hasNextPage endCursor } } }',
    );
    expect(incidents).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });
});
