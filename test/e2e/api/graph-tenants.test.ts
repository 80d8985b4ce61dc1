import pg from 'pg';
import type { RunningBeacon } from '#runtime';
import { createTestDatabase, type TestDatabase } from '#testing';
import { generate } from 'selfsigned';
import { graphql, query, startApi, testConfig } from './support/api-client.js';
import { CONTOSO } from './support/scenario.js';
import { tenantsFile } from './support/tenants-file.js';

const ADMIN = { 'x-api-key': 'admin-key-0123456789' };
const CREDENTIALS_KEY = Buffer.alloc(32, 9).toString('base64');
const SECRET = 'a-client-secret-never-shown';
const FIELDS = 'id displayName clientId credential certificateThumbprint createdAt updatedAt';
const ADD = `mutation ($input: GraphTenantInput!) { addGraphTenant(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation ($input: GraphTenantInput!) { updateGraphTenant(input: $input) { ${FIELDS} } }`;
const REMOVE = `mutation ($id: ID!) { removeGraphTenant(id: $id) { ${FIELDS} } }`;

const pair = () => generate([{ name: 'commonName', value: 'Beacon' }], { keyType: 'rsa', keySize: 2048 });

describe('tenants added, rotated and removed by admins (GraphQL)', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;
  let db: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = testConfig(database.url, {
      API_KEYS: ADMIN['x-api-key'],
      TENANTS_FILE: tenantsFile(CONTOSO),
      TENANT_CREDENTIALS_KEY: CREDENTIALS_KEY,
    });
    beacon = await startApi(config);
    db = new pg.Client(database.url);
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await beacon?.close();
    await database.drop();
  });

  const audit = async () =>
    (
      await query(beacon.url, '{ auditLog(first: 10) { actor action target details } }', {}, ADMIN)
    ).auditLog.filter((entry: { action: string }) => entry.action.startsWith('tenant.'));

  /** Asks again every half second, for up to 20 s (the API reads its tenants every 5 s). */
  const until = async (done: () => Promise<boolean>) => {
    for (let tries = 0; tries < 40 && !(await done()); tries++)
      await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await done()).toBe(true);
  };
  const overviewOf = (tenantId: string) =>
    graphql(beacon.url, `{ overview(tenantId: "${tenantId}") { degradedMode } }`, {}, ADMIN);
  const readable = async (tenantId: string) => (await overviewOf(tenantId)).errors === undefined;
  const refused = async (tenantId: string) =>
    (await overviewOf(tenantId)).errors?.[0]?.extensions?.code === 'BAD_USER_INPUT';

  it('refuses viewers and analysts', async () => {
    for (const role of ['VIEWER', 'ANALYST']) {
      const { createApiKey } = await query(
        beacon.url,
        'mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }',
        { input: { name: role, role } },
        ADMIN,
      );
      const key = { 'x-api-key': createApiKey.key };
      const input = { id: 'viewer.onmicrosoft.com', clientId: 'c', clientSecret: 's' };
      for (const [text, variables] of [
        [ADD, { input }],
        [REMOVE, { id: 'viewer.onmicrosoft.com' }],
        ['{ graphTenants { id } }', {}],
      ] as const) {
        const response = await graphql(beacon.url, text, variables, key);
        expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
    }
    expect((await db.query('SELECT * FROM tenant_credentials')).rows).toEqual([]);
  });

  it('adds a tenant with a secret: sealed at rest, never shown, audited, readable at once', async () => {
    const input = {
      id: 'northwind.onmicrosoft.com',
      displayName: 'Northwind',
      clientId: 'app-1',
      clientSecret: SECRET,
    };
    const { addGraphTenant } = await query(beacon.url, ADD, { input }, ADMIN);
    expect(addGraphTenant).toMatchObject({
      id: 'northwind.onmicrosoft.com',
      displayName: 'Northwind',
      clientId: 'app-1',
      credential: 'SECRET',
      certificateThumbprint: null,
    });
    const stored = (await db.query('SELECT * FROM tenant_credentials')).rows;
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(SECRET);
    expect(await audit()).toEqual([
      {
        actor: 'API_KEYS #1',
        action: 'tenant.add',
        target: 'northwind.onmicrosoft.com',
        details: expect.stringContaining('"credential":"secret"'),
      },
    ]);
    expect(JSON.stringify(await audit())).not.toContain(SECRET);
    // Its id is a tenant the API reads now (its view is empty until an ingestor polls it).
    const overview = await graphql(
      beacon.url,
      '{ overview(tenantId: "northwind.onmicrosoft.com") { degradedMode } }',
      {},
      ADMIN,
    );
    expect(overview.errors).toBeUndefined();
    const { graphTenants } = await query(beacon.url, `{ graphTenants { ${FIELDS} } }`, {}, ADMIN);
    expect(graphTenants).toEqual([addGraphTenant]);
    // And a key may be limited to it.
    const { createApiKey } = await query(
      beacon.url,
      'mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { tenantIds } } }',
      { input: { name: 'northwind desk', role: 'VIEWER', tenantIds: ['northwind.onmicrosoft.com'] } },
      ADMIN,
    );
    expect(createApiKey.apiKey.tenantIds).toEqual(['northwind.onmicrosoft.com']);
  });

  it.each([
    [
      'a tenant of the tenants file',
      { id: CONTOSO, clientId: 'c', clientSecret: 's' },
      /configured by TENANTS_FILE/,
    ],
    [
      'one already added',
      { id: 'northwind.onmicrosoft.com', clientId: 'c', clientSecret: 's' },
      /already added/,
    ],
    [
      'an id that is no tenant id',
      { id: 'a/b?c', clientId: 'c', clientSecret: 's' },
      /id must be a tenant id/,
    ],
    ['no credential', { id: 'x.onmicrosoft.com', clientId: 'c' }, /either clientSecret, or certificate/],
    [
      'a secret and a certificate',
      { id: 'x.onmicrosoft.com', clientId: 'c', clientSecret: 's', certificate: 'x', privateKey: 'y' },
      /either clientSecret, or certificate/,
    ],
    [
      'a certificate without its key',
      { id: 'x.onmicrosoft.com', clientId: 'c', certificate: 'x' },
      /needs its privateKey/,
    ],
    ['an empty client id', { id: 'x.onmicrosoft.com', clientId: ' ', clientSecret: 's' }, /clientId must be/],
  ])('refuses to add %s, storing nothing', async (_case, input, message) => {
    const before = (await db.query('SELECT count(*)::int AS n FROM tenant_credentials')).rows[0].n;
    const response = await graphql(beacon.url, ADD, { input }, ADMIN);
    expect(response.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringMatching(message),
    });
    expect((await db.query('SELECT count(*)::int AS n FROM tenant_credentials')).rows[0].n).toBe(before);
  });

  it('refuses a certificate whose key is another’s, naming no key', async () => {
    const [app, other] = await Promise.all([pair(), pair()]);
    const input = {
      id: 'x.onmicrosoft.com',
      clientId: 'c',
      certificate: app.cert,
      privateKey: other.private,
    };
    const response = await graphql(beacon.url, ADD, { input }, ADMIN);
    expect(response.errors?.[0]?.message).toMatch(/not the certificate’s/);
    expect(JSON.stringify(response)).not.toContain('PRIVATE KEY');
  });

  it('rotates a tenant to a certificate: the registration changes, audited with the thumbprint', async () => {
    const app = await pair();
    const before = (await db.query('SELECT updated_at, sealed_secret FROM tenant_credentials')).rows[0];
    const input = {
      id: 'northwind.onmicrosoft.com',
      clientId: 'app-1',
      certificate: app.cert,
      privateKey: app.private,
    };
    const { updateGraphTenant } = await query(beacon.url, UPDATE, { input }, ADMIN);
    expect(updateGraphTenant).toMatchObject({ credential: 'CERTIFICATE', displayName: 'Northwind' });
    expect(updateGraphTenant.certificateThumbprint).toMatch(/^[0-9A-F]{40}$/);
    const after = (await db.query('SELECT * FROM tenant_credentials')).rows[0];
    expect(after.updated_at.getTime()).toBeGreaterThan(before.updated_at.getTime());
    expect(after.sealed_secret).not.toBe(before.sealed_secret);
    expect(JSON.stringify(after)).not.toContain('PRIVATE KEY');
    const [entry] = await audit();
    expect(entry).toMatchObject({ action: 'tenant.update', target: 'northwind.onmicrosoft.com' });
    expect(entry.details).toContain(updateGraphTenant.certificateThumbprint);
    expect(entry.details).not.toContain('PRIVATE KEY');

    const unknown = await graphql(
      beacon.url,
      UPDATE,
      { input: { ...input, id: 'nobody.onmicrosoft.com' } },
      ADMIN,
    );
    expect(unknown.errors?.[0]?.message).toMatch(/no tenant nobody.onmicrosoft.com was added/);
  });

  it('removes a tenant: its registration goes, the tenant and what was stored of it stay', async () => {
    const { removeGraphTenant } = await query(beacon.url, REMOVE, { id: 'northwind.onmicrosoft.com' }, ADMIN);
    expect(removeGraphTenant.id).toBe('northwind.onmicrosoft.com');
    expect((await db.query('SELECT * FROM tenant_credentials')).rows).toEqual([]);
    expect(
      (await db.query(`SELECT id FROM tenants WHERE id = 'northwind.onmicrosoft.com'`)).rows,
    ).toHaveLength(1);
    expect((await audit())[0]).toMatchObject({
      action: 'tenant.remove',
      target: 'northwind.onmicrosoft.com',
    });

    // No longer readable once the API's tenants are read again (every 5 s): not until a restart.
    await until(() => refused('northwind.onmicrosoft.com'));

    const again = await graphql(beacon.url, REMOVE, { id: 'northwind.onmicrosoft.com' }, ADMIN);
    expect(again.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const file = await graphql(beacon.url, REMOVE, { id: CONTOSO }, ADMIN);
    expect(file.errors?.[0]?.message).toMatch(/configured by TENANTS_FILE/);
  });

  it('drops a tenant an ingestor stopped polling (removed from its tenants file), and lists it again when it is back', async () => {
    const polled = 'fabrikam.onmicrosoft.com';
    await db.query(
      `INSERT INTO tenants (id, display_name) VALUES ($1, $1), ($2, $2) ON CONFLICT DO NOTHING`,
      [polled, CONTOSO],
    );
    const setState = (tenantId: string, state: string) =>
      db.query(
        `INSERT INTO sources (channel, tenant_id, state) VALUES ('GRAPH', $1, $2)
         ON CONFLICT (channel, tenant_id) WHERE tenant_id IS NOT NULL DO UPDATE SET state = EXCLUDED.state`,
        [tenantId, state],
      );
    await setState(polled, 'DEGRADED');
    await setState(CONTOSO, 'DEGRADED');
    await until(() => readable(polled));

    await setState(polled, 'DISABLED');
    await setState(CONTOSO, 'DISABLED'); // the API's own file listed it at start: the ingestor's word wins
    await until(() => refused(polled));
    await until(() => refused(CONTOSO));

    await setState(CONTOSO, 'DEGRADED');
    await until(() => readable(CONTOSO));
  });
});
