import { createHash } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import type { RunningBeacon } from '#runtime';
import { createTestDatabase, type TestDatabase, xPostSignal } from '#testing';
import { graphql, query, startApi, testConfig } from './support/api-client.js';
import { TestIngestor } from './support/ingestor.js';
import { CONTOSO, FABRIKAM } from './support/scenario.js';
import { tenantsFile } from './support/tenants-file.js';
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

describe('stored keys (npm run keys, admin mutations)', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;
  const ADMIN = { 'x-api-key': 'bootstrap-admin-key-0123456789' };
  const CREATE = `mutation($input: CreateApiKeyInput!) {
    createApiKey(input: $input) { key apiKey { id name prefix role tenantIds revokedAt lastUsedAt } } }`;

  beforeAll(async () => {
    database = await createTestDatabase();
    beacon = await startApi(
      testConfig(database.url, {
        API_KEYS: ADMIN['x-api-key'],
        TENANTS_FILE: tenantsFile(CONTOSO, FABRIKAM),
      }),
    );
  });

  afterAll(async () => {
    await beacon?.close();
    await database.drop();
  });

  const create = async (input: Record<string, unknown>) =>
    (await query(beacon.url, CREATE, { input }, ADMIN)).createApiKey as {
      key: string;
      apiKey: {
        id: string;
        prefix: string;
        role: string;
        tenantIds: string[] | null;
        lastUsedAt: string | null;
      };
    };
  const status = async (key: string) => (await graphql(beacon.url, SOURCES, {}, { 'x-api-key': key })).status;

  it('creates a key shown once, stores only its digest, and accepts it', async () => {
    const { key, apiKey } = await create({ name: 'help desk', role: 'VIEWER', tenantIds: [CONTOSO] });

    expect(key).toMatch(/^bk_[\w-]{43}$/);
    expect(apiKey).toMatchObject({ prefix: key.slice(0, 11), role: 'VIEWER', tenantIds: [CONTOSO] });
    expect(await status(key)).toBe(200);
    const client = new pg.Client(database.url);
    await client.connect();
    const stored = (await client.query(`SELECT * FROM api_keys WHERE id = $1`, [apiKey.id])).rows;
    await client.end();
    expect(JSON.stringify(stored)).not.toContain(key);
    expect(stored[0].digest).toBe(createHash('sha256').update(key).digest('hex'));
    const { apiKeys } = await query(beacon.url, '{ apiKeys { id lastUsedAt } }', {}, ADMIN);
    expect(apiKeys.find((k: { id: string }) => k.id === apiKey.id).lastUsedAt).not.toBeNull();
  });

  it('gives each role what it may do: viewers and analysts may not manage keys', async () => {
    for (const role of ['VIEWER', 'ANALYST']) {
      const { key } = await create({ name: `a ${role}`, role });
      const response = await graphql(beacon.url, '{ apiKeys { id } }', {}, { 'x-api-key': key });
      expect(response.errors).toEqual([
        expect.objectContaining({
          extensions: { code: 'FORBIDDEN' },
          message: expect.stringContaining('admin'),
        }),
      ]);
      const created = await graphql(
        beacon.url,
        CREATE,
        { input: { name: 'mine', role: 'ADMIN' } },
        { 'x-api-key': key },
      );
      expect(created.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const { key: admin } = await create({ name: 'second admin', role: 'ADMIN' });
    expect(
      (await graphql(beacon.url, '{ apiKeys { id } }', {}, { 'x-api-key': admin })).errors,
    ).toBeUndefined();
  });

  it('refuses a key for a tenant that is not configured, or with an empty tenant list', async () => {
    for (const tenantIds of [['nobody.onmicrosoft.com'], []]) {
      const response = await graphql(
        beacon.url,
        CREATE,
        { input: { name: 'x', role: 'VIEWER', tenantIds } },
        ADMIN,
      );
      expect(response.errors?.[0]).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', argument: 'tenantIds' },
      });
    }
  });

  it('rotates (the old key stops, the new one works) and revokes, each in the audit log', async () => {
    const { key: old, apiKey } = await create({ name: 'rotated', role: 'ANALYST', tenantIds: [FABRIKAM] });
    const { rotateApiKey } = await query(
      beacon.url,
      'mutation($id: ID!) { rotateApiKey(id: $id) { key apiKey { id name role tenantIds } } }',
      { id: apiKey.id },
      ADMIN,
    );
    expect(rotateApiKey.apiKey).toMatchObject({ name: 'rotated', role: 'ANALYST', tenantIds: [FABRIKAM] });
    expect(await status(old)).toBe(401);
    expect(await status(rotateApiKey.key)).toBe(200);

    const { revokeApiKey } = await query(
      beacon.url,
      'mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }',
      { id: rotateApiKey.apiKey.id },
      ADMIN,
    );
    expect(revokeApiKey.revokedAt).not.toBeNull();
    expect(await status(rotateApiKey.key)).toBe(401);

    const { auditLog } = await query(
      beacon.url,
      '{ auditLog(first: 3) { actor action target details } }',
      {},
      ADMIN,
    );
    expect(auditLog.map((entry: { action: string; target: string }) => [entry.action, entry.target])).toEqual(
      [
        ['key.revoke', rotateApiKey.apiKey.id],
        ['key.rotate', apiKey.id],
        ['key.create', apiKey.id],
      ],
    );
    expect(auditLog.every((entry: { actor: string }) => entry.actor === 'API_KEYS #1')).toBe(true);
    expect(JSON.stringify(auditLog)).not.toContain(old);
    expect(JSON.stringify(auditLog)).not.toContain(rotateApiKey.key);
  });

  it('refuses to rotate a revoked key, and to revoke a key nobody has', async () => {
    const { apiKey } = await create({ name: 'gone', role: 'VIEWER' });
    await query(beacon.url, 'mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: apiKey.id }, ADMIN);
    const rotate = await graphql(
      beacon.url,
      'mutation($id: ID!) { rotateApiKey(id: $id) { key } }',
      { id: apiKey.id },
      ADMIN,
    );
    expect(rotate.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const revoke = await graphql(beacon.url, 'mutation { revokeApiKey(id: "not-a-key") { id } }', {}, ADMIN);
    expect(revoke.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('secure by default', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database.drop();
  });

  it('refuses to listen beyond the loopback address without any key, naming the fix', async () => {
    await expect(startApi(testConfig(database.url, { HOST: '0.0.0.0' }))).rejects.toThrow(
      /refusing to listen on 0\.0\.0\.0 without API keys: .*API_KEYS=.*npm run keys -- create/,
    );
  });

  it('asks for a key on loopback too once one is stored', async () => {
    const beacon = await startApi(testConfig(database.url));
    try {
      expect(await graphql(beacon.url, SOURCES)).toMatchObject({ status: 200 });
      const { createApiKey } = await query(
        beacon.url,
        'mutation { createApiKey(input: { name: "first", role: ADMIN }) { key } }',
      );
      expect(await graphql(beacon.url, SOURCES)).toMatchObject({ status: 401 });
      expect(await graphql(beacon.url, SOURCES, {}, { 'x-api-key': createApiKey.key })).toMatchObject({
        status: 200,
      });
    } finally {
      await beacon.close();
    }
  });
});
