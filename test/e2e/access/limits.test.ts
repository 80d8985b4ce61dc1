import type { RunningBeacon } from '#runtime';
import { createTestDatabase, type TestDatabase } from '#testing';
import { MAX_SUBSCRIPTIONS_PER_CONNECTION } from '../../../apps/api/src/auth/connection-limits.js';
import { graphql, startApi, testConfig } from '../api/support/api-client.js';
import { connectionOutcome, subscribe, wsClient } from '../api/support/ws-client.js';

const SOURCES = '{ sources { channel } }';
const KEY_A = 'limits-key-a-0123456789';
const KEY_B = 'limits-key-b-0123456789';
const CONNECTIONS_PER_KEY = 5;

describe('rate limits', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;

  afterEach(async () => {
    await beacon?.close();
    await database?.drop();
  });

  const start = async (env: Record<string, string>) => {
    database = await createTestDatabase();
    beacon = await startApi(testConfig(database.url, { API_KEYS: `${KEY_A},${KEY_B}`, ...env }));
  };

  it('answers a key past its limit with 429, Retry-After and RATE_LIMITED; another key goes on', async () => {
    await start({ RATE_LIMIT_PER_KEY: '5', RATE_LIMIT_PER_ADDRESS: '0' });
    for (let i = 0; i < 5; i++) {
      expect((await graphql(beacon.url, SOURCES, {}, { 'x-api-key': KEY_A })).status).toBe(200);
    }
    const refused = await graphql(beacon.url, SOURCES, {}, { 'x-api-key': KEY_A });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(refused.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'RATE_LIMITED' }) }),
    ]);
    expect((await graphql(beacon.url, SOURCES, {}, { 'x-api-key': KEY_B })).status).toBe(200);
    const exported = await fetch(`${beacon.url}/export/incidents.csv`, { headers: { 'x-api-key': KEY_A } });
    expect(exported.status).toBe(429);
    expect(exported.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('counts every request of an address, with or without a valid key (guessing keys is slow too)', async () => {
    await start({ RATE_LIMIT_PER_KEY: '0', RATE_LIMIT_PER_ADDRESS: '4' });
    for (const key of ['wrong-1', 'wrong-2', KEY_A, KEY_B]) {
      expect((await graphql(beacon.url, SOURCES, {}, { 'x-api-key': key })).status).not.toBe(429);
    }
    const refused = await graphql(beacon.url, SOURCES, {}, { 'x-api-key': KEY_A });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await fetch(`${beacon.url}/health/live`)).status).toBe(200);
  });
});

describe('WebSocket limits', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;

  beforeAll(async () => {
    database = await createTestDatabase();
    beacon = await startApi(
      testConfig(database.url, {
        API_KEYS: `${KEY_A},${KEY_B}`,
        ALLOWED_ORIGINS: 'https://dashboard.example.test',
        WS_CONNECTIONS_PER_KEY: String(CONNECTIONS_PER_KEY),
      }),
    );
  });

  afterAll(async () => {
    await beacon?.close();
    await database.drop();
  });

  const connect = async (key: string, headers: Record<string, string> = {}) => {
    const client = wsClient(beacon.url, { headers, connectionParams: { 'x-api-key': key } });
    const outcome = connectionOutcome(client);
    const subscription = subscribe(client, 'subscription { incidentUpdated { id } }');
    return { client, subscription, outcome: await outcome };
  };

  it.each([
    ['the page’s own origin', true, () => beacon.url],
    ['an allowed origin', true, () => 'https://dashboard.example.test'],
    ['no origin (a server)', true, () => undefined],
    ['another origin', false, () => 'https://evil.example.test'],
  ])('with %s, connects: %s', async (_name, accepted, origin) => {
    const value = origin();
    const { client, subscription, outcome } = await connect(KEY_A, value ? { origin: value } : {});
    expect(outcome.connected).toBe(accepted);
    await subscription.close();
    await client.dispose();
  });

  it(`lets a key hold ${CONNECTIONS_PER_KEY} connections, refuses one more (4429), and counts closed ones out`, async () => {
    const open = [];
    for (let i = 0; i < CONNECTIONS_PER_KEY; i++) open.push(await connect(KEY_A));
    expect(open.every((connection) => connection.outcome.connected)).toBe(true);
    const extra = await connect(KEY_A);
    expect(extra.outcome).toEqual({ connected: false, code: 4429 });
    const other = await connect(KEY_B);
    expect(other.outcome.connected).toBe(true);

    const first = open.shift()!;
    await first.subscription.close();
    await first.client.dispose();
    let again = await connect(KEY_A);
    for (let tries = 0; !again.outcome.connected && tries < 20; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      again = await connect(KEY_A);
    }
    expect(again.outcome.connected).toBe(true);
    for (const connection of [...open, extra, other, again]) {
      await connection.subscription.close();
      await connection.client.dispose();
    }
  });

  it(`allows ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions on a connection and refuses one more`, async () => {
    const client = wsClient(beacon.url, { connectionParams: { 'x-api-key': KEY_B } });
    const subscriptions = Array.from({ length: MAX_SUBSCRIPTIONS_PER_CONNECTION + 1 }, () =>
      subscribe(client, 'subscription { incidentUpdated { id } }'),
    );
    const ended = await Promise.race([
      Promise.all(subscriptions.map((subscription) => subscription.ended)),
      new Promise((resolve) => setTimeout(() => resolve('still open'), 1_500)),
    ]);
    expect(ended).toBe('still open');
    const refusals = await Promise.all(
      subscriptions.map((subscription) =>
        Promise.race([subscription.ended, new Promise((resolve) => setTimeout(() => resolve(null), 200))]),
      ),
    );
    const refused = refusals.filter((reason) => reason !== null);
    expect(refused).toHaveLength(1);
    expect(JSON.stringify(refused[0])).toContain('TOO_MANY_SUBSCRIPTIONS');
    for (const subscription of subscriptions) await subscription.close();
    await client.dispose();
  });
});
