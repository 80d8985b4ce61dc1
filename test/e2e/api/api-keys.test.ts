import http from 'node:http';
import type { RunningBeacon } from '#runtime';
import { createTestDatabase, type TestDatabase, xPostSignal } from '#testing';
import { graphql, startApi, testConfig } from './support/api-client.js';
import { TestIngestor } from './support/ingestor.js';
import { connectionOutcome, firstEvent, subscribe, wsClient } from './support/ws-client.js';

const SOURCES = '{ sources { channel } }';
const INCIDENT_UPDATED = 'subscription { incidentUpdated { id } }';

describe('API keys on (API_KEYS set)', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;
  let ingestor: TestIngestor;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = testConfig(database.url, { API_KEYS: 'first-key-0123456789, second-key' });
    ingestor = await TestIngestor.start(config, database.url);
    beacon = await startApi(config);
  });

  afterAll(async () => {
    await beacon?.close();
    await ingestor?.close();
    await database.drop();
  });

  it.each([
    ['no key', {}],
    ['a wrong key', { authorization: 'Bearer first-key-012345678' }],
    ['a key that is a prefix of a valid one', { 'x-api-key': 'first' }],
    ['a key with another scheme', { authorization: 'Basic Zmlyc3Qta2V5' }],
    ['an empty key', { 'x-api-key': '' }],
  ])('refuses a request with %s: HTTP 401, UNAUTHENTICATED', async (_name, headers) => {
    const response = await graphql(beacon.url, SOURCES, {}, headers as Record<string, string>);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="beacon"');
    expect(response.data).toBeNull();
    expect(response.errors).toEqual([
      { message: expect.stringContaining('API key'), extensions: { code: 'UNAUTHENTICATED' } },
    ]);
  });

  it.each([
    ['Authorization: Bearer', { authorization: 'Bearer first-key-0123456789' }],
    ['a lower-case scheme', { authorization: 'bearer second-key' }],
    ['x-api-key', { 'x-api-key': 'second-key' }],
  ])('accepts a valid key given as %s', async (_name, headers) => {
    const response = await graphql(beacon.url, SOURCES, {}, headers);
    expect(response).toMatchObject({ status: 200, data: { sources: [] } });
  });

  it('checks GET requests too, and never asks for a key on health checks or the status page', async () => {
    const url = `${beacon.url}/graphql?query=${encodeURIComponent(SOURCES)}`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { 'x-api-key': 'second-key' } })).status).toBe(200);
    expect((await fetch(`${beacon.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${beacon.url}/health/ready`)).status).toBe(200);
    expect((await fetch(`${beacon.url}/`)).status).toBe(200);
  });

  it('is not fooled by an Upgrade header on a plain request', async () => {
    // fetch won't send `Upgrade`; a raw request can, without being a WebSocket handshake.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const request = http.request(`${beacon.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', upgrade: 'websocket' },
      });
      request.on('response', (response) => {
        response.resume();
        resolve(response.statusCode);
      });
      request.on('error', reject);
      request.end(JSON.stringify({ query: SOURCES }));
    });
    expect(status).toBe(401);
  });

  it('refuses an unauthenticated body before reading it', async () => {
    const response = await fetch(`${beacon.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: SOURCES, variables: { pad: 'x'.repeat(300_000) } }),
    });
    expect(response.status).toBe(401);
  });

  describe('over WebSocket', () => {
    let posts = 0;
    const post = () => {
      posts += 1;
      return ingestor.ingest(
        [
          xPostSignal(
            `k-${posts}`,
            `We're investigating delays in Exchange Online. EX17000${posts}`,
            new Date(),
          ),
        ],
        new Date(),
      );
    };

    it.each([
      [
        'in the connection_init payload, as Authorization',
        { connectionParams: { authorization: 'Bearer first-key-0123456789' } },
      ],
      ['in the connection_init payload, as x-api-key', { connectionParams: { 'x-api-key': 'second-key' } }],
      [
        'in the connection_init payload, as headers',
        { connectionParams: { headers: { Authorization: 'Bearer second-key' } } },
      ],
      ['on the upgrade request', { headers: { 'x-api-key': 'second-key' } }],
    ])('accepts a key %s', async (_name, options) => {
      const client = wsClient(beacon.url, options);
      const outcome = connectionOutcome(client);
      const subscription = subscribe<{ incidentUpdated: { id: string } }>(client, INCIDENT_UPDATED);
      expect(await outcome).toEqual({ connected: true });
      expect((await firstEvent(subscription, post)).incidentUpdated.id).toMatch(/^EX17/);
      await subscription.close();
    });

    it.each([
      ['no key', {}],
      ['a wrong key in the payload', { connectionParams: { 'x-api-key': 'third-key' } }],
    ])('closes a connection with %s at connection_init (4401, UNAUTHENTICATED)', async (_name, options) => {
      const client = wsClient(beacon.url, options);
      const outcome = connectionOutcome(client);
      const subscription = subscribe(client, INCIDENT_UPDATED);
      expect(await outcome).toEqual({ connected: false, code: 4401 });
      expect(await subscription.ended).toMatchObject({
        code: 4401,
        reason: expect.stringContaining('UNAUTHENTICATED'),
      });
      await subscription.close();
    });

    it('refuses the upgrade itself when its header carries a wrong key (HTTP 401)', async () => {
      const client = wsClient(beacon.url, { headers: { authorization: 'Bearer wrong' } });
      const errors: unknown[] = [];
      client.on('error', (error) => void errors.push(error));
      const outcome = connectionOutcome(client);
      const subscription = subscribe(client, INCIDENT_UPDATED);
      expect(await outcome).toMatchObject({ connected: false });
      expect((errors[0] as { message?: string }).message).toContain('Unexpected server response: 401');
      await subscription.close();
    });
  });
});

describe('API keys off (API_KEYS unset)', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;

  beforeAll(async () => {
    database = await createTestDatabase();
    beacon = await startApi(testConfig(database.url));
  });

  afterAll(async () => {
    await beacon?.close();
    await database.drop();
  });

  it('answers without a key, and ignores one given anyway', async () => {
    expect(await graphql(beacon.url, SOURCES)).toMatchObject({ status: 200, data: { sources: [] } });
    expect(await graphql(beacon.url, SOURCES, {}, { 'x-api-key': 'anything' })).toMatchObject({
      status: 200,
    });
  });

  it('accepts WebSocket connections without a key', async () => {
    const client = wsClient(beacon.url);
    const outcome = connectionOutcome(client);
    const subscription = subscribe(client, INCIDENT_UPDATED);
    expect(await outcome).toEqual({ connected: true });
    await subscription.close();
  });
});
