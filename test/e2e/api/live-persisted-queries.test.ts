import type { RunningBeacon } from '#runtime';
import { createTestDatabase, graphHealthOverviewSignal, type TestDatabase, xPostSignal } from '#testing';
import { createHash } from 'node:crypto';
import { LiveChangesService } from '../../../apps/api/src/subscriptions/live-changes.service.js';
import { startApi, testConfig } from './support/api-client.js';
import { TestIngestor } from './support/ingestor.js';
import { RawConnection, until } from './support/raw-connection.js';
import { CONTOSO } from './support/scenario.js';
import { tenantsFile } from './support/tenants-file.js';

const INCIDENTS = `subscription PageIncidents($tenantId: ID) { incidentUpdated(tenantId: $tenantId) {
  id updates { text } } }`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

/**
 * Automatic persisted queries over the WebSocket (graphql-transport-ws): a subscription sent as its
 * document's hash, the document sent once when Beacon does not know it.
 */
describe('persisted subscriptions', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;
  let ingestor: TestIngestor;
  let live: LiveChangesService;
  let connections: RawConnection[] = [];
  let posts = 0;

  /** An X post on the provisional Exchange incident EX1800001; its marker. */
  async function xPost(): Promise<string> {
    posts += 1;
    const marker = `Update ${posts}:`;
    const text = `${marker} we're investigating delays in Exchange Online. EX1800001`;
    await ingestor.ingest([xPostSignal(`p-${posts}`, text, new Date())], new Date());
    return marker;
  }

  async function open(initialise = true): Promise<RawConnection> {
    const connection = await RawConnection.open(beacon.url, initialise);
    connections.push(connection);
    return connection;
  }

  function subscribe(connection: RawConnection, id: string, payload: Record<string, unknown>): void {
    connection.send({ id, type: 'subscribe', payload: { variables: { tenantId: CONTOSO }, ...payload } });
  }

  /** The codes of the `error` messages subscription `id` got. */
  const errorCodes = (connection: RawConnection, id: string) =>
    connection
      .received(id, 'error')
      .flatMap((message) => message.payload as Array<{ extensions?: { code?: string } }>)
      .map((error) => error.extensions?.code);

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = testConfig(database.url, {
      TENANTS_FILE: tenantsFile(CONTOSO),
      RATE_LIMIT_PER_ADDRESS: '0',
      RATE_LIMIT_PER_KEY: '0',
    });
    ingestor = await TestIngestor.start(config, database.url);
    await ingestor.registerTenants([{ id: CONTOSO }]);
    await ingestor.setSource({
      channel: 'GRAPH',
      tenantId: CONTOSO,
      state: 'HEALTHY',
      lastSuccessAt: new Date(),
    });
    await ingestor.ingest(
      [graphHealthOverviewSignal(CONTOSO, 'Exchange', 'Exchange Online', 'serviceInterruption')],
      new Date(),
    );
    beacon = await startApi(config);
    live = beacon.app.get(LiveChangesService);
  });

  afterEach(async () => {
    await Promise.all(connections.map((connection) => connection.close()));
    connections = [];
    await until(() => live.held().subscribers === 0, 'every subscription is let go');
  });

  afterAll(async () => {
    await beacon?.close();
    await ingestor?.close();
    await database.drop();
  });

  it('answers an unknown hash PERSISTED_QUERY_NOT_FOUND, remembers the document sent with it, then subscribes by hash', async () => {
    const first = await open();
    subscribe(first, 'incidents', { extensions: persisted(sha256(INCIDENTS)) });
    await until(() => first.received('incidents', 'error').length > 0, 'the unknown hash is answered');
    expect(errorCodes(first, 'incidents')).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(live.held().subscribers).toBe(0);

    // The client sends the document with its hash: it runs, and is remembered.
    subscribe(first, 'incidents', { query: INCIDENTS, extensions: persisted(sha256(INCIDENTS)) });
    await until(() => live.held().subscribers === 1, 'the subscription with its document is held');

    // Another connection needs only the hash, and gets the same events (one group: the same document).
    const second = await open();
    subscribe(second, 'by-hash', { extensions: persisted(sha256(INCIDENTS)) });
    await until(() => live.held().subscribers === 2, 'the subscription by hash is held');
    expect(live.held().groups).toBe(1);
    expect(second.received('by-hash', 'error')).toEqual([]);

    const marker = await xPost();
    await until(
      () =>
        first.payload('incidents', marker) !== undefined && second.payload('by-hash', marker) !== undefined,
      'both hear the post',
    );
    expect(second.payload('by-hash', marker)).toBe(first.payload('incidents', marker));
    expect(JSON.parse(second.payload('by-hash', marker)!)).toMatchObject({
      data: { incidentUpdated: { id: 'EX1800001' } },
    });
  });

  it('refuses a document sent with a hash that is not its own, and remembers nothing', async () => {
    const document = INCIDENTS.replace('PageIncidents', 'Mismatched');
    const connection = await open();
    subscribe(connection, 'wrong', { query: document, extensions: persisted(sha256('something else')) });
    await until(() => connection.received('wrong', 'error').length > 0, 'the mismatch is answered');
    expect(errorCodes(connection, 'wrong')).toEqual(['BAD_REQUEST']);

    subscribe(connection, 'by-hash', { extensions: persisted(sha256('something else')) });
    subscribe(connection, 'own-hash', { extensions: persisted(sha256(document)) });
    await until(
      () => ['by-hash', 'own-hash'].every((id) => connection.received(id, 'error').length > 0),
      'both hashes are answered',
    );
    expect([...errorCodes(connection, 'by-hash'), ...errorCodes(connection, 'own-hash')]).toEqual([
      'PERSISTED_QUERY_NOT_FOUND',
      'PERSISTED_QUERY_NOT_FOUND',
    ]);
    expect(live.held().subscribers).toBe(0);
  });

  it('remembers only a document that passed the checks, and answers a version it does not speak', async () => {
    const invalid = `subscription Invalid { incidentUpdated { id noSuchField } }`;
    const connection = await open();
    subscribe(connection, 'invalid', { query: invalid, extensions: persisted(sha256(invalid)) });
    await until(() => connection.received('invalid', 'error').length > 0, 'the invalid document is refused');
    expect(errorCodes(connection, 'invalid')).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    subscribe(connection, 'invalid-by-hash', { extensions: persisted(sha256(invalid)) });
    subscribe(connection, 'version-2', {
      extensions: { persistedQuery: { version: 2, sha256Hash: sha256(INCIDENTS) } },
    });
    await until(
      () => ['invalid-by-hash', 'version-2'].every((id) => connection.received(id, 'error').length > 0),
      'both are answered',
    );
    expect(errorCodes(connection, 'invalid-by-hash')).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(errorCodes(connection, 'version-2')).toEqual(['PERSISTED_QUERY_NOT_SUPPORTED']);
  });

  it('knows a hash registered over HTTP, and the connection stays usable after every answer', async () => {
    const document = `subscription OverHttpFirst($tenantId: ID) { incidentUpdated(tenantId: $tenantId) { id } }`;
    const connection = await open();
    subscribe(connection, 'unknown', { extensions: persisted(sha256(INCIDENTS.replace('Page', 'Never'))) });
    // A query over HTTP remembers its document in the same store.
    const query = `{ services { id } }`;
    const registered = await fetch(`${beacon.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, extensions: persisted(sha256(query)) }),
    });
    expect(registered.status).toBe(200);
    subscribe(connection, 'query-by-hash', { extensions: persisted(sha256(query)) });
    await until(
      () => ['unknown', 'query-by-hash'].every((id) => connection.received(id, 'error').length > 0),
      'both are answered',
    );
    expect(errorCodes(connection, 'unknown')).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    // Found, and read as what it is: a query, which Beacon does not run over the WebSocket.
    const [found] = connection.received('query-by-hash', 'error');
    expect(found!.payload).toEqual([expect.objectContaining({ message: 'Invalid operation: query' })]);

    subscribe(connection, 'works', { query: document, extensions: persisted(sha256(document)) });
    await until(() => live.held().subscribers === 1, 'the subscription is held');
    const marker = await xPost();
    await until(() => connection.received('works', 'next').length > 0, `the post ${marker} is heard`);
  });

  it('tells a connection not yet acknowledged nothing about a hash: it is refused as any subscription', async () => {
    const stranger = await open(false);
    subscribe(stranger, 'probe', { extensions: persisted(sha256('subscription Unknown { x }')) });
    await until(() => stranger.closeCode !== undefined, 'the connection is closed');
    const answers = stranger.messages.map((text) => JSON.parse(text) as { type: string });
    expect(answers.map(({ type }) => type)).toEqual(['connection_error']);
    expect(JSON.stringify(answers)).not.toContain('PERSISTED_QUERY');
  });
});
