import pg from 'pg';
import type { RunningBeacon } from '#runtime';
import { createTestDatabase, type TestDatabase } from '#testing';
import { graphql, query, startApi, testConfig } from '../api/support/api-client.js';
import { CONTOSO } from '../api/support/scenario.js';
import { tenantsFile } from '../api/support/tenants-file.js';

const ADMIN = { 'x-api-key': 'notifications-trust-admin-0123456789' };
const CREDENTIALS_KEY = Buffer.alloc(32, 4).toString('base64');
const CREATE_TARGET = `mutation($input: CreateNotificationTargetInput!) {
  createNotificationTarget(input: $input) { id secretsSet } }`;
const CREATE_RULE = `mutation($input: CreateNotificationRuleInput!) {
  createNotificationRule(input: $input) { id tenantIds } }`;
const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { tenantIds } } }`;
const RETRY_ONE = `mutation($id: ID!) { retryNotificationDelivery(id: $id) { id state attemptCount } }`;
const RETRY_ALL = `mutation($targetId: ID!) { retryNotificationDeadLetters(targetId: $targetId) { pending superseded } }`;

/**
 * What an admin can trust: secrets need TENANT_CREDENTIALS_KEY to be stored, dead letters can be retried
 * through GraphQL, and tenants known at run time are accepted by rules and keys alike.
 */
describe('notification admin: sealed secrets, dead letters retried, tenants at run time', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;
  let db: pg.Client;

  const admin = (text: string, variables: Record<string, unknown> = {}) =>
    query(beacon.url, text, variables, ADMIN);
  const refused = async (text: string, variables: Record<string, unknown>, url = beacon.url) => {
    const response = await graphql(url, text, variables, ADMIN);
    expect(response.data ?? null).toBeNull();
    return response.errors?.[0];
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    beacon = await startApi(
      testConfig(database.url, {
        API_KEYS: ADMIN['x-api-key'],
        TENANTS_FILE: tenantsFile(CONTOSO),
        TENANT_CREDENTIALS_KEY: CREDENTIALS_KEY,
      }),
    );
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await beacon?.close();
    await database.drop();
  });

  it('accepts, in a rule and in a key, a tenant an admin added and one an ingestor polls since start', async () => {
    const target = (
      await admin(CREATE_TARGET, { input: { name: 'T', kind: 'TEAMS', url: 'https://t.test/' } })
    ).createNotificationTarget;
    await admin(
      `mutation { addGraphTenant(input: { id: "northwind.onmicrosoft.com", clientId: "app", clientSecret: "s" }) { id } }`,
    );
    // A tenant the tenants file gained at run time: an ingestor registered and polls it.
    await db.query(`INSERT INTO tenants (id, display_name) VALUES ('fabrikam.onmicrosoft.com', 'Fabrikam')`);
    await db.query(
      `INSERT INTO sources (channel, tenant_id, state) VALUES ('GRAPH', 'fabrikam.onmicrosoft.com', 'HEALTHY')`,
    );

    for (const tenant of ['northwind.onmicrosoft.com', 'fabrikam.onmicrosoft.com']) {
      const rule = await admin(CREATE_RULE, {
        input: { targetId: target.id, events: ['INCIDENT_CREATED'], tenantIds: [tenant] },
      });
      expect(rule.createNotificationRule.tenantIds).toEqual([tenant]);
      const key = await admin(CREATE_KEY, { input: { name: tenant, role: 'VIEWER', tenantIds: [tenant] } });
      expect(key.createApiKey.apiKey.tenantIds).toEqual([tenant]);
    }
    const unknown = { tenantIds: ['nowhere.onmicrosoft.com'] };
    expect(
      await refused(CREATE_RULE, {
        input: { targetId: target.id, events: ['INCIDENT_CREATED'], ...unknown },
      }),
    ).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'tenantIds' } });
    expect(await refused(CREATE_KEY, { input: { name: 'x', role: 'VIEWER', ...unknown } })).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('retries a dead letter, or all of a target’s, refuses what is not one, and audits it', async () => {
    const target = (
      await admin(CREATE_TARGET, { input: { name: 'Hook', kind: 'SLACK_WEBHOOK', url: 'https://s.test/x' } })
    ).createNotificationTarget;
    const deliver = async (n: number, state: string, orderingKey: string) =>
      (
        await db.query(
          `INSERT INTO notification_deliveries (target_id, idempotency_key, event, ordering_key, payload, state, attempts, next_attempt_at)
           VALUES ($1, $2, 'test', $3, $4, $5, 3, now() + interval '1 hour') RETURNING id::text AS id`,
          [
            target.id,
            `key-${n}`,
            orderingKey,
            { kind: 'test', requestedAt: new Date().toISOString() },
            state,
          ],
        )
      ).rows[0].id as string;
    const one = await deliver(1, 'dead', 'a');
    const overtaken = await deliver(2, 'dead', 'b');
    await deliver(3, 'sent', 'b');
    const another = await deliver(4, 'dead', 'c');
    const sent = await deliver(5, 'sent', 'd');

    expect((await admin(RETRY_ONE, { id: one })).retryNotificationDelivery).toEqual({
      id: one,
      state: 'PENDING',
      attemptCount: 0,
    });
    expect((await admin(RETRY_ONE, { id: overtaken })).retryNotificationDelivery.state).toBe('SUPERSEDED');
    const { rows } = await db.query(
      `SELECT next_attempt_at <= now() AS due FROM notification_deliveries WHERE id = $1`,
      [one],
    );
    expect(rows[0].due).toBe(true);

    expect(await refused(RETRY_ONE, { id: sent })).toMatchObject({
      message: `delivery ${sent} is SENT: only a DEAD one can be retried`,
      extensions: { code: 'BAD_USER_INPUT', argument: 'id' },
    });
    expect(await refused(RETRY_ONE, { id: '99999999' })).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(await refused(RETRY_ONE, { id: 'x; drop' })).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(await refused(RETRY_ALL, { targetId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', argument: 'targetId' },
    });

    expect((await admin(RETRY_ALL, { targetId: target.id })).retryNotificationDeadLetters).toEqual({
      pending: 1,
      superseded: 0,
    });
    expect(
      (await db.query(`SELECT state FROM notification_deliveries WHERE id = $1`, [another])).rows[0].state,
    ).toBe('pending');
    expect((await admin(RETRY_ALL, { targetId: target.id })).retryNotificationDeadLetters).toEqual({
      pending: 0,
      superseded: 0,
    });
    const audit = await db.query(
      `SELECT details FROM audit_log WHERE action = 'notification.deadLetters.retry' ORDER BY id`,
    );
    expect(audit.rows.map((row) => row.details)).toEqual([
      { pending: [one], superseded: [] },
      { pending: [], superseded: [overtaken] },
      { pending: [another], superseded: [] },
    ]);

    const { createApiKey } = await admin(
      'mutation { createApiKey(input: { name: "v", role: VIEWER }) { key } }',
    );
    const viewer = await graphql(
      beacon.url,
      RETRY_ALL,
      { targetId: target.id },
      { 'x-api-key': createApiKey.key },
    );
    expect(viewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("sets a rule's advisory digest (every N minutes from a local time) and its time zone, and refuses bad ones", async () => {
    const target = (
      await admin(CREATE_TARGET, { input: { name: 'Digest', kind: 'TEAMS', url: 'https://d.test/' } })
    ).createNotificationTarget;
    const FIELDS = 'id advisoryDigestMinutes advisoryDigestAt timeZone quietHours { from until timeZone }';
    const { createNotificationRule: rule } = await admin(
      `mutation($input: CreateNotificationRuleInput!) { createNotificationRule(input: $input) { ${FIELDS} } }`,
      {
        input: {
          targetId: target.id,
          events: ['INCIDENT_CREATED'],
          advisoryDigestMinutes: 360,
          advisoryDigestAt: '08:00',
          timeZone: 'Europe/Paris',
        },
      },
    );
    expect(rule).toMatchObject({
      advisoryDigestMinutes: 360,
      advisoryDigestAt: '08:00',
      timeZone: 'Europe/Paris',
      quietHours: null,
    });
    const stored = async () =>
      (
        await db.query(
          `SELECT advisory_digest_at::text AS at, quiet_time_zone AS zone FROM notification_rules WHERE id = $1`,
          [rule.id],
        )
      ).rows[0];
    expect(await stored()).toEqual({ at: '08:00:00', zone: 'Europe/Paris' });

    const UPDATE = `mutation($id: ID!, $input: UpdateNotificationRuleInput!) {
      updateNotificationRule(id: $id, input: $input) { ${FIELDS} } }`;
    // Quiet hours in the rule's zone; cleared, the zone stays (the digest's periods keep their local time).
    const quiet = await admin(UPDATE, {
      id: rule.id,
      input: { quietHours: { from: '22:00', until: '07:00' } },
    });
    expect(quiet.updateNotificationRule.quietHours).toEqual({
      from: '22:00',
      until: '07:00',
      timeZone: 'Europe/Paris',
    });
    const cleared = await admin(UPDATE, { id: rule.id, input: { quietHours: null, advisoryDigestAt: null } });
    expect(cleared.updateNotificationRule).toMatchObject({
      quietHours: null,
      advisoryDigestAt: null,
      timeZone: 'Europe/Paris',
    });

    for (const [input, argument] of [
      [{ advisoryDigestAt: '8am' }, 'advisoryDigestAt'],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
      [
        { timeZone: 'UTC', quietHours: { from: '22:00', until: '07:00', timeZone: 'Europe/Paris' } },
        'quietHours.timeZone',
      ],
    ] as const) {
      expect(await refused(UPDATE, { id: rule.id, input })).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', argument },
      });
    }
    expect(await stored()).toEqual({ at: null, zone: 'Europe/Paris' });
  });

  it('without TENANT_CREDENTIALS_KEY, refuses a target that carries a secret and stores one that does not', async () => {
    const bare = await createTestDatabase();
    const keyless = await startApi(testConfig(bare.url, { API_KEYS: ADMIN['x-api-key'] }));
    try {
      const error = await refused(
        CREATE_TARGET,
        { input: { name: 'T', kind: 'TEAMS', url: 'https://t.test/' } },
        keyless.url,
      );
      expect(error).toMatchObject({
        message: expect.stringMatching(/cannot store secrets: set TENANT_CREDENTIALS_KEY/),
        extensions: { code: 'BAD_USER_INPUT' },
      });
      const email = {
        name: 'Mail',
        kind: 'EMAIL',
        email: { host: 'smtp.test', from: 'a@b.test', to: ['c@d.test'] },
      };
      const { createNotificationTarget } = await query(keyless.url, CREATE_TARGET, { input: email }, ADMIN);
      expect(createNotificationTarget.secretsSet).toEqual([]);
      const stored = new pg.Client({ connectionString: bare.url });
      await stored.connect();
      const names = (await stored.query('SELECT name FROM notification_targets')).rows.map((row) => row.name);
      await stored.end();
      expect(names).toEqual(['Mail']);
    } finally {
      await keyless.close();
      await bare.drop();
    }
  });
});
