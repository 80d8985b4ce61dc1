import { createTestDatabase, freePort, type TestDatabase } from '#testing';
import { type BeaconCommand, runCommand } from '../../lifecycle/support/beacon-command.js';
import { query, testConfig } from '../api/support/api-client.js';
import { TestIngestor } from '../api/support/ingestor.js';
import {
  atBucketStart,
  INCIDENT,
  type IncidentData,
  responseReads,
  sameBucket,
  until,
  xPoster,
} from './support.js';

/**
 * Two built API processes (`npm run start:api`) on one database, each with its own read cache: a change
 * committed elsewhere reaches both through their LISTEN, and neither answers from before it. Needs
 * `npm run build`.
 */
describe('the read cache in two API processes', () => {
  let database: TestDatabase;
  let ingestor: TestIngestor;
  let xPost: (reference: string) => Promise<unknown>;
  const apis: Array<{ process: BeaconCommand; url: string }> = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    ingestor = await TestIngestor.start(testConfig(database.url), database.url);
    xPost = xPoster(ingestor);
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const env = { DATABASE_URL: database.url, RATE_LIMIT_PER_KEY: '0', RATE_LIMIT_PER_ADDRESS: '0' };
      apis.push({ process: runCommand('start:api', env, port), url: `http://127.0.0.1:${port}` });
    }
    await Promise.all(apis.map((api) => api.process.ready()));
  });

  afterAll(async () => {
    await Promise.all(apis.map((api) => api.process.end('SIGTERM')));
    await ingestor?.close();
    await database?.drop();
  });

  const updatesOf = async (url: string, reference: string) =>
    (await query<IncidentData>(url, INCIDENT, { id: reference })).incident!.updates.map((u) => u.text);

  it('answers each from its memory, and both from after a change once it is announced', async () => {
    const reference = 'EX930001';
    await xPost(reference);
    const start = await atBucketStart();
    const before = await Promise.all(apis.map((api) => updatesOf(api.url, reference)));
    expect(before).toEqual([before[0], before[0]]);
    expect(before[0]).toHaveLength(1);

    // A change nothing announces stays unseen: both answer from memory, whole.
    const hits = await Promise.all(apis.map(async (api) => (await responseReads(api.url)).hit ?? 0));
    await ingestor.dataSource.query(
      `UPDATE incident_updates SET text = 'edited without a notice'
       WHERE incident_id = (SELECT incident_id FROM incident_references WHERE reference = $1)`,
      [reference],
    );
    expect(await Promise.all(apis.map((api) => updatesOf(api.url, reference)))).toEqual(before);
    expect(await Promise.all(apis.map(async (api) => (await responseReads(api.url)).hit))).toEqual(
      hits.map((count) => count + 1),
    );

    // The correlator's next change is announced to both, and each drops what it kept.
    await xPost(reference);
    for (const api of apis) {
      await until(async () => (await updatesOf(api.url, reference)).length === 2);
      expect(await updatesOf(api.url, reference)).toEqual([
        'edited without a notice',
        expect.stringContaining('Update 2'),
      ]);
    }
    expect(sameBucket(start)).toBe(true); // the notice did it, not the answers' age
  });
});
