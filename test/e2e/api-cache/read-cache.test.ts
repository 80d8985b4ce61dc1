import type { ChangeNotice } from '#domain';
import type { RunningBeacon } from '#runtime';
import { createTestDatabase, type TestDatabase } from '#testing';
import { performance } from 'node:perf_hooks';
import { ChangeListener } from '../../../apps/api/src/subscriptions/change.listener.js';
import { query, startApi, testConfig } from '../api/support/api-client.js';
import { TestIngestor } from '../api/support/ingestor.js';
import { CONTOSO } from '../api/support/scenario.js';
import { tenantsFile } from '../api/support/tenants-file.js';
import {
  atBucketStart,
  cacheReads,
  INCIDENT,
  type IncidentData,
  PAGE,
  type PageData,
  responseReads,
  sameBucket,
  sleep,
  until,
  xPoster,
} from './support.js';

/** The read cache of one API process, over HTTP, on a real PostgreSQL, with the correlator's notices. */
describe('the read cache', () => {
  let database: TestDatabase;
  let api: RunningBeacon;
  let ingestor: TestIngestor;
  let xPost: (reference: string) => Promise<unknown>;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = testConfig(database.url, {
      TENANTS_FILE: tenantsFile(CONTOSO),
      // Readers ask as fast as they can: what is tested is not the rate limits.
      RATE_LIMIT_PER_KEY: '0',
      RATE_LIMIT_PER_ADDRESS: '0',
    });
    ingestor = await TestIngestor.start(config, database.url);
    await ingestor.registerTenants([{ id: CONTOSO }]);
    xPost = xPoster(ingestor);
    api = await startApi(config);
  });

  afterAll(async () => {
    await api?.close();
    await ingestor?.close();
    await database?.drop();
  });

  const updatesOf = async (reference: string) =>
    (await query<IncidentData>(api.url, INCIDENT, { id: reference })).incident!.updates.map((u) => u.text);
  /** Changes an update's text in the database without any notice, as nothing in Beacon ever does. */
  const editQuietly = (reference: string, text: string) =>
    ingestor.dataSource.query(
      `UPDATE incident_updates SET text = $2
       WHERE incident_id = (SELECT incident_id FROM incident_references WHERE reference = $1)`,
      [reference, text],
    );
  const notify = (notice: ChangeNotice) =>
    ingestor.dataSource.query(`SELECT pg_notify('beacon_changes', $1)`, [JSON.stringify(notice)]);
  const incidentKey = async (reference: string) =>
    (
      (await ingestor.dataSource.query(`SELECT incident_id FROM incident_references WHERE reference = $1`, [
        reference,
      ])) as Array<{ incident_id: string }>
    )[0]!.incident_id;

  it('answers again from memory until a notice says the data changed', async () => {
    await xPost('EX920001');
    const start = await atBucketStart();
    const before = await updatesOf('EX920001');
    const hits = (await responseReads(api.url)).hit ?? 0;
    const fieldReads = await cacheReads(api.url, 'Query.incident');

    await editQuietly('EX920001', 'edited without a notice');
    expect(await updatesOf('EX920001')).toEqual(before);
    // The same query again is answered whole, without GraphQL (so without the per-field cache) running.
    expect((await responseReads(api.url)).hit).toBe(hits + 1);
    expect(await cacheReads(api.url, 'Query.incident')).toEqual(fieldReads);
    // Another query of the same incident runs, and finds its field kept.
    const other = await query<IncidentData>(
      api.url,
      `query($id: ID!) { incident(id: $id) { updates { text } id } }`,
      {
        id: 'EX920001',
      },
    );
    expect(other.incident!.updates.map((u) => u.text)).toEqual(before);
    expect((await cacheReads(api.url, 'Query.incident')).hit).toBe((fieldReads.hit ?? 0) + 1);

    // A query holding a field no notice covers (a review, fetched without one) is never kept whole.
    const review = `query($id: ID!) { incident(id: $id) { id postIncidentReview { __typename } } }`;
    const wholeReads = await responseReads(api.url);
    await query(api.url, review, { id: 'EX920001' });
    await query(api.url, review, { id: 'EX920001' });
    expect((await responseReads(api.url)).hit ?? 0).toBe(wholeReads.hit ?? 0);
    expect((await responseReads(api.url)).miss).toBe((wholeReads.miss ?? 0) + 2);

    await notify({ type: 'incident', incidentId: await incidentKey('EX920001') });
    await until(async () => (await updatesOf('EX920001'))[0] === 'edited without a notice');
    expect(sameBucket(start)).toBe(true); // the notice did it, not the answer's age
  });

  it('never returns, to a read begun after a notice arrived, the state before it (many writes racing reads)', async () => {
    const reference = 'EX920002';
    const heard: number[] = []; // when each notice reached the process, after the cache heard it
    const stop = api.app.get(ChangeListener).subscribe(() => heard.push(performance.now()));
    const reads: Array<{ startedAt: number; endedAt: number; updates: number }> = [];
    const checkpoints: Array<{ at: number; updates: number }> = [];
    let reading = true;
    const reader = async (page: boolean) => {
      while (reading) {
        const startedAt = performance.now();
        const updates = page
          ? (await query<PageData>(api.url, PAGE)).incidents.edges.find((edge) => edge.node.id === reference)
              ?.node.updates.length
          : (await query<IncidentData>(api.url, INCIDENT, { id: reference })).incident?.updates.length;
        reads.push({ startedAt, endedAt: performance.now(), updates: updates ?? 0 });
      }
    };
    try {
      await xPost(reference);
      const readers = [true, false, true, false, false, true].map(reader);
      const hitsBefore = (await responseReads(api.url)).hit ?? 0;
      for (let posts = 2; posts <= 31; posts++) {
        const heardBefore = heard.length;
        await xPost(reference);
        await until(() => heard.length > heardBefore);
        checkpoints.push({ at: heard[heardBefore]!, updates: posts });
        await sleep(20 + (posts % 5) * 10); // reads go on at every moment of the cycle
      }
      reading = false;
      await Promise.all(readers);

      const stale = reads.flatMap((read) =>
        checkpoints
          .filter((checkpoint) => read.startedAt > checkpoint.at && read.updates < checkpoint.updates)
          .map((checkpoint) => ({ ...read, expected: checkpoint.updates })),
      );
      expect(stale).toEqual([]);
      // The race was run: reads that began before a notice and ended after it, and answers from memory.
      const straddling = reads.filter((read) =>
        checkpoints.some((checkpoint) => read.startedAt < checkpoint.at && read.endedAt > checkpoint.at),
      );
      expect(straddling.length).toBeGreaterThan(10);
      expect((await responseReads(api.url)).hit ?? 0).toBeGreaterThan(hitsBefore + 100);
    } finally {
      reading = false;
      stop();
    }
  });

  it('empties itself and steps aside while LISTEN is lost, and serves again once it is back', async () => {
    await xPost('EX920003');
    const start = await atBucketStart();
    const before = await updatesOf('EX920003');
    await editQuietly('EX920003', 'edited while nobody listened');
    expect(await updatesOf('EX920003')).toEqual(before); // from memory

    const listener = () =>
      ingestor.dataSource.query(
        `SELECT pid, query FROM pg_stat_activity
         WHERE application_name = 'beacon-change-listener' AND datname = current_database()`,
      ) as Promise<Array<{ pid: number; query: string }>>;
    const [lost] = await listener();
    await ingestor.dataSource.query('SELECT pg_terminate_backend($1)', [lost!.pid]);
    await until(async () => (await updatesOf('EX920003'))[0] === 'edited while nobody listened');
    expect(sameBucket(start)).toBe(true); // the loss did it, not the answer's age
    expect((await cacheReads(api.url, 'Query.incident')).bypass).toBeGreaterThan(0);
    expect((await responseReads(api.url)).bypass).toBeGreaterThan(0);

    await until(async () =>
      (await listener()).some((row) => row.pid !== lost!.pid && /LISTEN/.test(row.query)),
    );
    await sleep(100); // LISTEN answered in the database; its answer reaches the process a moment later
    const hits = (await responseReads(api.url)).hit ?? 0;
    await updatesOf('EX920003');
    await updatesOf('EX920003');
    expect((await responseReads(api.url)).hit).toBeGreaterThan(hits);
  });
});
