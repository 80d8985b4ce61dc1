import type { RunningBeacon } from '#runtime';
import { createTestDatabase, graphHealthOverviewSignal, type TestDatabase, xPostSignal } from '#testing';
import { LiveChangesService } from '../../../apps/api/src/subscriptions/live-changes.service.js';
import { startApi, testConfig } from './support/api-client.js';
import { TestIngestor } from './support/ingestor.js';
import { RawConnection, until } from './support/raw-connection.js';
import { CONTOSO, FABRIKAM } from './support/scenario.js';
import { tenantsFile } from './support/tenants-file.js';

const WITH_SERVICE = `subscription($tenantId: ID) { incidentUpdated(tenantId: $tenantId) {
  id updates { text } service { id status { level } } } }`;
/** Another selection of the same field. */
const IDS_ONLY = `subscription($tenantId: ID) { incidentUpdated(tenantId: $tenantId) { id tenantIds } }`;
const INCIDENT = '"EX1800001"';
const SERVICES = `subscription($tenantId: ID) { serviceStatusChanged(tenantId: $tenantId) { id } }`;

describe('live updates: one execution and one serialisation per selection and view', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;
  let ingestor: TestIngestor;
  let live: LiveChangesService;
  let connections: RawConnection[] = [];
  let posts = 0;

  /** An X post on the provisional Exchange incident EX1800001, which both tenants see; its marker. */
  async function xPost(): Promise<string> {
    posts += 1;
    const marker = `Update ${posts}:`;
    await ingestor.ingest(
      [
        xPostSignal(
          `p-${posts}`,
          `${marker} we're investigating delays in Exchange Online. EX1800001`,
          new Date(),
        ),
      ],
      new Date(),
    );
    return marker;
  }

  async function open(count: number): Promise<RawConnection[]> {
    const opened = await Promise.all(Array.from({ length: count }, () => RawConnection.open(beacon.url)));
    connections.push(...opened);
    return opened;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = testConfig(database.url, {
      TENANTS_FILE: tenantsFile(CONTOSO, FABRIKAM),
      RATE_LIMIT_PER_ADDRESS: '0',
      RATE_LIMIT_PER_KEY: '0',
    });
    ingestor = await TestIngestor.start(config, database.url);
    await ingestor.registerTenants([{ id: CONTOSO }, { id: FABRIKAM }]);
    // Each tenant's Graph is fresh and says something else about Exchange: the views' events differ.
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
    live = beacon.app.get(LiveChangesService);
  });

  afterEach(async () => {
    await Promise.all(connections.map((connection) => connection.close()));
    connections = [];
  });

  afterAll(async () => {
    await beacon?.close();
    await ingestor?.close();
    await database.drop();
  });

  it('sends every subscriber of a group the same payload bytes, and another selection or view its own', async () => {
    const same = await open(6);
    // Each client numbers its subscriptions as it likes: ids repeat across connections, or not.
    same.forEach((connection, n) => connection.subscribe(n % 2 ? 'a' : `sub-${n}`, WITH_SERVICE, CONTOSO));
    const [otherSelection, otherTenant] = await open(2);
    otherSelection!.subscribe('b', IDS_ONLY, CONTOSO);
    otherTenant!.subscribe('c', WITH_SERVICE, FABRIKAM);
    // Two subscriptions on one connection, in the first group and the second.
    const both = (await open(1))[0]!;
    both.subscribe('x', WITH_SERVICE, CONTOSO);
    both.subscribe('y', IDS_ONLY, CONTOSO);
    await until(() => live.held().subscribers === 10, 'every subscription is held');
    expect(live.held().groups).toBe(3);

    const marker = await xPost();
    const payloadOf = (connection: RawConnection, id: string) => connection.payload(id, marker);
    const sameIds = same.map((_, n) => (n % 2 ? 'a' : `sub-${n}`));
    await until(
      () =>
        same.every((connection, n) => payloadOf(connection, sameIds[n]!)) &&
        [payloadOf(both, 'x'), payloadOf(otherTenant!, 'c')].every(Boolean) &&
        [both.payload('y', INCIDENT), otherSelection!.payload('b', INCIDENT)].every(Boolean),
      'every subscriber heard the post',
    );

    const shared = payloadOf(same[0]!, sameIds[0]!)!;
    for (const [n, connection] of same.entries()) expect(payloadOf(connection, sameIds[n]!)).toBe(shared);
    expect(payloadOf(both, 'x')).toBe(shared);
    expect(JSON.parse(shared)).toMatchObject({
      data: {
        incidentUpdated: { id: 'EX1800001', service: { id: 'Exchange', status: { level: 'INTERRUPTED' } } },
      },
    });
    // Fabrikam's Graph says Exchange is fine: its view of the same incident is its own.
    expect(JSON.parse(payloadOf(otherTenant!, 'c')!)).toMatchObject({
      data: { incidentUpdated: { id: 'EX1800001', service: { status: { level: 'OPERATIONAL' } } } },
    });
    const idsOnly = JSON.parse(both.payload('y', INCIDENT)!) as { data: { incidentUpdated: object } };
    expect(Object.keys(idsOnly.data.incidentUpdated).sort()).toEqual(['id', 'tenantIds']);
    expect(otherSelection!.payload('b', INCIDENT)).toBe(both.payload('y', INCIDENT));
  });

  it('keeps no state of a connection once it is closed, however it ends', async () => {
    const opened = await open(12);
    opened.forEach((connection, n) => {
      connection.subscribe('page-incidents', WITH_SERVICE, n % 2 ? CONTOSO : FABRIKAM);
      connection.subscribe('page-services', SERVICES, CONTOSO);
    });
    await until(() => live.held().subscribers === 24, 'every subscription is held');
    expect(live.held().groups).toBe(3);

    // Stopped by the client, the connection still open: the other subscription keeps going.
    opened[0]!.socket.send(JSON.stringify({ id: 'page-services', type: 'complete' }));
    await until(() => live.held().subscribers === 23, 'the stopped subscription is let go');
    const marker = await xPost();
    await until(() => opened[0]!.payload('page-incidents', marker) !== undefined, 'the other one hears');

    // Closed cleanly, dropped without a close frame, and closed after a message Mercurius refuses.
    await Promise.all(opened.slice(0, 4).map((connection) => connection.close()));
    for (const connection of opened.slice(4, 8)) connection.socket.terminate();
    for (const connection of opened.slice(8)) connection.socket.send('not json');
    await Promise.all(opened.slice(8).map((connection) => connection.close()));
    await until(() => live.held().subscribers === 0, 'no subscription is held');
    expect(live.held()).toEqual({ subscribers: 0, groups: 0 });
  });
});
