import type { RunningBeacon } from '#runtime';
import { createTestDatabase, graphIssueSignal, type TestDatabase } from '#testing';
import { LiveChangesService } from '../../../apps/api/src/subscriptions/live-changes.service.js';
import { MAX_UNSENT_BYTES } from '../../../apps/api/src/subscriptions/live-group.js';
import { startApi, testConfig } from './support/api-client.js';
import { TestIngestor } from './support/ingestor.js';
import { RawConnection, until } from './support/raw-connection.js';
import { CONTOSO } from './support/scenario.js';
import { tenantsFile } from './support/tenants-file.js';

const ISSUE = 'EX1900001';
/** Five copies of the incident's updates in each event: with 20 posts of 60 KB, 6 MB an event. */
const LARGE = `subscription($tenantId: ID) { incidentUpdated(tenantId: $tenantId) {
  id ${Array.from({ length: 5 }, (_, n) => `u${n}: updates { text }`).join(' ')} } }`;
const POST_TEXT = 'The mailbox service is slow. '.repeat(2_000);
/** More than the bound plus what loopback's buffers may hold (a receive buffer of up to 32 MB here). */
const ENOUGH_BYTES = MAX_UNSENT_BYTES + 64 * 1024 * 1024;

describe('a subscriber that stops reading', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;
  let ingestor: TestIngestor;
  let live: LiveChangesService;
  let connections: RawConnection[] = [];
  let posts = 0;

  /** A new version of the Graph issue with one more post: one event; its marker (the last post's). */
  async function newPost(): Promise<string> {
    posts += 1;
    const marker = `Update ${posts}.`;
    const at = new Date(Date.UTC(2026, 10, 20, 10, posts));
    await ingestor.ingest(
      [
        graphIssueSignal(CONTOSO, {
          id: ISSUE,
          lastModifiedDateTime: at.toISOString(),
          posts: Array.from({ length: posts }, (_, n) => ({
            createdDateTime: new Date(Date.UTC(2026, 10, 20, 10, n + 1)).toISOString(),
            content: `<p>Update ${n + 1}. ${POST_TEXT}</p>`,
          })),
        }),
      ],
      new Date(),
    );
    return marker;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = testConfig(database.url, {
      TENANTS_FILE: tenantsFile(CONTOSO),
      RATE_LIMIT_PER_ADDRESS: '0',
      RATE_LIMIT_PER_KEY: '0',
    });
    ingestor = await TestIngestor.start(config, database.url);
    await ingestor.registerTenants([{ id: CONTOSO }]);
    posts = 19;
    await newPost();
    beacon = await startApi(config);
    live = beacon.app.get(LiveChangesService);
  });

  afterAll(async () => {
    await Promise.all(connections.map((connection) => connection.close()));
    await beacon?.close();
    await ingestor?.close();
    await database.drop();
  });

  it('is closed with 1013 once its unsent bytes pass the bound, and the others keep receiving', async () => {
    connections = await Promise.all([0, 1, 2].map(() => RawConnection.open(beacon.url)));
    const [stalled, reader, other] = connections as [RawConnection, RawConnection, RawConnection];
    for (const connection of connections) connection.subscribe('incident', LARGE, CONTOSO);
    await until(() => live.held().subscribers === 3, 'every subscription is held');
    stalled.stopReading();

    // Events until the server lets the stalled one go (it is no longer written to): it must, well before
    // more is unsent than the bound plus what loopback's buffers hold.
    const sent: string[] = [];
    let bytes = 0;
    while (live.held().subscribers === 3 && bytes < ENOUGH_BYTES) {
      const marker = await newPost();
      sent.push(marker);
      await until(() => reader.payload('incident', marker) !== undefined, `the reader hears ${marker}`);
      bytes += reader.payload('incident', marker)!.length;
    }
    expect(live.held().subscribers).toBe(2);
    expect(bytes).toBeGreaterThan(MAX_UNSENT_BYTES);
    // Its close frame waits behind what it had not read: it reads again, and is closed before the event
    // that found it too far behind.
    stalled.readAgain();
    const last = sent.at(-1)!;
    await until(
      () => stalled.closeCode !== undefined || stalled.payload('incident', last) !== undefined,
      'the stalled client is closed, or has read every event',
    );
    expect(stalled.closeCode).toBe(1013);
    expect(stalled.payload('incident', last)).toBeUndefined();
    expect(stalled.payload('incident', sent[0]!)).toBeDefined();

    const after = await newPost();
    await until(
      () => [reader, other].every((connection) => connection.payload('incident', after) !== undefined),
      'the others hear the next event',
    );
    for (const connection of [reader, other]) {
      expect(sent.every((marker) => connection.payload('incident', marker) !== undefined)).toBe(true);
      expect(connection.socket.readyState).toBe(connection.socket.OPEN);
    }
  });
});
