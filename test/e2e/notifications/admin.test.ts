import pg from 'pg';
import { Secret } from '#config';
import { openTargetSecrets } from '#notifications';
import type { RunningBeacon } from '#runtime';
import { createTestDatabase, type TestDatabase } from '#testing';
import { graphql, query, startApi, testConfig } from '../api/support/api-client.js';
import { CONTOSO } from '../api/support/scenario.js';
import { tenantsFile } from '../api/support/tenants-file.js';

const ADMIN = { 'x-api-key': 'notifications-admin-key-0123456789' };
const TEAMS_URL = 'https://prod.example.test/workflows/abc?sig=TEAMS-SECRET-SIGNATURE';
const HMAC = 'webhook-hmac-secret-0123456789';
const BOT_TOKEN = 'xoxb-1111111111-2222222222222-botsecret';
const SMTP_PASSWORD = 'smtp-password-secret';
const SECRETS_KEY = new Secret(Buffer.alloc(32, 3).toString('base64'));

const TARGET_FIELDS = `id name kind enabled slackChannel secretsSet pendingCount deadCount
  email { host port secure user from to }
  rules { id targetId enabled events serviceIds classifications levels tenantIds sourceDownMinutes
          quietHours { from until timeZone } advisoryDigestMinutes holdSeconds }`;
const CREATE_TARGET = `mutation($input: CreateNotificationTargetInput!) {
  createNotificationTarget(input: $input) { ${TARGET_FIELDS} } }`;
const UPDATE_TARGET = `mutation($id: ID!, $input: UpdateNotificationTargetInput!) {
  updateNotificationTarget(id: $id, input: $input) { ${TARGET_FIELDS} } }`;
const TARGETS = `{ notificationTargets { ${TARGET_FIELDS} } }`;
const CREATE_RULE = `mutation($input: CreateNotificationRuleInput!) {
  createNotificationRule(input: $input) { id targetId events serviceIds levels tenantIds quietHours { from until timeZone } holdSeconds } }`;
const DELIVERY_FIELDS = `id targetId targetName event headline state attemptCount idempotencyKey lastError
  attempts { outcome status error durationMs }`;
const DELIVERIES = `query($targetId: ID, $state: NotificationDeliveryState, $first: Int, $after: String) {
  notificationDeliveries(targetId: $targetId, state: $state, first: $first, after: $after) {
    edges { cursor node { ${DELIVERY_FIELDS} } } pageInfo { hasNextPage endCursor } } }`;

describe('notification admin (GraphQL)', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;
  let db: pg.Client;
  let viewer: Record<string, string>;

  const admin = (text: string, variables: Record<string, unknown> = {}) =>
    query(beacon.url, text, variables, ADMIN);
  const refused = async (text: string, variables: Record<string, unknown>) => {
    const response = await graphql(beacon.url, text, variables, ADMIN);
    expect(response.data ?? null).toBeNull();
    return response.errors?.[0];
  };
  const createTarget = async (input: Record<string, unknown>) =>
    (await admin(CREATE_TARGET, { input })).createNotificationTarget;
  /** A target's secrets as stored: sealed, each opening only with the key, for that target. */
  const storedSecrets = async (id: string) => {
    const { secrets } = (await db.query('SELECT secrets FROM notification_targets WHERE id = $1', [id]))
      .rows[0];
    for (const value of Object.values(secrets)) expect(value).toMatch(/^v1\./);
    return openTargetSecrets(secrets, SECRETS_KEY, id);
  };
  const count = async (table: string) =>
    Number((await db.query(`SELECT count(*) FROM ${table}`)).rows[0].count);

  beforeAll(async () => {
    database = await createTestDatabase();
    beacon = await startApi(
      testConfig(database.url, {
        API_KEYS: ADMIN['x-api-key'],
        TENANTS_FILE: tenantsFile(CONTOSO),
        TENANT_CREDENTIALS_KEY: SECRETS_KEY.reveal(),
      }),
    );
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    const { createApiKey } = await admin(
      'mutation { createApiKey(input: { name: "help desk", role: VIEWER }) { key } }',
    );
    viewer = { 'x-api-key': createApiKey.key };
  });

  afterAll(async () => {
    await db?.end();
    await beacon?.close();
    await database.drop();
  });

  beforeEach(async () => {
    await db.query('DELETE FROM notification_targets');
  });

  it('creates a target of every kind and never shows a secret, in answers or in the audit log', async () => {
    await createTarget({ name: 'Ops Teams', kind: 'TEAMS', url: TEAMS_URL });
    await createTarget({
      name: 'Hook',
      kind: 'WEBHOOK',
      url: 'https://hooks.example.test/beacon',
      hmacSecret: HMAC,
    });
    await createTarget({
      name: 'Slack bot',
      kind: 'SLACK_BOT',
      botToken: BOT_TOKEN,
      slackChannel: 'C0123ABC',
    });
    await createTarget({
      name: 'Mail',
      kind: 'EMAIL',
      email: {
        host: 'smtp.example.test',
        user: 'beacon',
        password: SMTP_PASSWORD,
        from: 'beacon@example.test',
        to: ['ops@example.test'],
      },
    });

    const { notificationTargets } = await admin(TARGETS);
    const { auditLog } = await admin('{ auditLog(first: 10) { action target details } }');

    expect(notificationTargets).toEqual([
      expect.objectContaining({
        name: 'Ops Teams',
        kind: 'TEAMS',
        enabled: true,
        secretsSet: ['url'],
        email: null,
      }),
      expect.objectContaining({ name: 'Hook', kind: 'WEBHOOK', secretsSet: ['hmacSecret', 'url'] }),
      expect.objectContaining({
        name: 'Slack bot',
        kind: 'SLACK_BOT',
        slackChannel: 'C0123ABC',
        secretsSet: ['token'],
      }),
      expect.objectContaining({
        name: 'Mail',
        kind: 'EMAIL',
        secretsSet: ['password'],
        email: {
          host: 'smtp.example.test',
          port: 587,
          secure: false,
          user: 'beacon',
          from: 'beacon@example.test',
          to: ['ops@example.test'],
        },
      }),
    ]);
    expect(
      auditLog.filter((entry: { action: string }) => entry.action === 'notification.target.create'),
    ).toHaveLength(4);
    const shown = JSON.stringify([notificationTargets, auditLog]);
    for (const secret of ['TEAMS-SECRET-SIGNATURE', HMAC, 'botsecret', SMTP_PASSWORD])
      expect(shown).not.toContain(secret);
    // And they are stored sealed, for the dispatcher.
    const hook = notificationTargets.find((target: { name: string }) => target.name === 'Hook');
    expect(JSON.stringify((await db.query('SELECT secrets FROM notification_targets')).rows)).not.toMatch(
      /hooks\.example|TEAMS-SECRET|botsecret|smtp-password|webhook-hmac/,
    );
    expect(await storedSecrets(hook.id)).toEqual({
      url: 'https://hooks.example.test/beacon',
      hmacSecret: HMAC,
    });
  });

  it('keeps the secrets an update leaves out, and audits which changed without their values', async () => {
    const target = await createTarget({
      name: 'Hook',
      kind: 'WEBHOOK',
      url: 'https://a.example.test/',
      hmacSecret: HMAC,
    });

    await admin(UPDATE_TARGET, { id: target.id, input: { name: 'Hook (renamed)', enabled: false } });
    const { updateNotificationTarget } = await admin(UPDATE_TARGET, {
      id: target.id,
      input: { url: 'https://b.example.test/new' },
    });

    expect(updateNotificationTarget).toMatchObject({
      name: 'Hook (renamed)',
      enabled: false,
      secretsSet: ['hmacSecret', 'url'],
    });
    expect(await storedSecrets(target.id)).toEqual({ url: 'https://b.example.test/new', hmacSecret: HMAC });
    const audit = await db.query(
      `SELECT details FROM audit_log WHERE action = 'notification.target.update' AND target = $1 ORDER BY id`,
      [target.id],
    );
    expect(audit.rows.map((row) => row.details.secretsChanged)).toEqual([[], ['url']]);
    expect(JSON.stringify(audit.rows)).not.toContain('b.example.test');
  });

  it("moves a target's updated_at at each update, and keeps its created_at", async () => {
    const target = await createTarget({ name: 'Teams', kind: 'TEAMS', url: TEAMS_URL });
    const times = async () =>
      (await db.query('SELECT created_at, updated_at FROM notification_targets WHERE id = $1', [target.id]))
        .rows[0] as { created_at: Date; updated_at: Date };
    const created = await times();

    await admin(UPDATE_TARGET, { id: target.id, input: { enabled: false } });
    const updated = await times();
    expect(updated.created_at).toEqual(created.created_at);
    expect(updated.updated_at.getTime()).toBeGreaterThan(created.updated_at.getTime());
  });

  it.each([
    ['a TEAMS target without its url', { name: 'x', kind: 'TEAMS' }, 'url', /needs url/],
    [
      'a url that is not http(s)',
      { name: 'x', kind: 'SLACK_WEBHOOK', url: 'ftp://x.test/' },
      'url',
      /http\(s\) URL/,
    ],
    [
      'a setting of another kind',
      { name: 'x', kind: 'TEAMS', url: TEAMS_URL, botToken: BOT_TOKEN },
      'botToken',
      /does not apply to a TEAMS target/,
    ],
    [
      'a short HMAC secret',
      { name: 'x', kind: 'WEBHOOK', url: TEAMS_URL, hmacSecret: 'short' },
      'hmacSecret',
      /16 to 512/,
    ],
    [
      "a token that is not Slack's",
      { name: 'x', kind: 'SLACK_BOT', botToken: 'abc', slackChannel: 'C1' },
      'botToken',
      /Slack token/,
    ],
    ['an empty name', { name: '  ', kind: 'TEAMS', url: TEAMS_URL }, 'name', /name of 1 to 100/],
    [
      'a bad recipient',
      { name: 'x', kind: 'EMAIL', email: { host: 'smtp.test', from: 'a@b.test', to: ['not an address'] } },
      'email.to',
      /not an e-mail address/,
    ],
    [
      'a login without a password',
      {
        name: 'x',
        kind: 'EMAIL',
        email: { host: 'smtp.test', user: 'u', from: 'a@b.test', to: ['c@d.test'] },
      },
      'email.password',
      /password is needed/,
    ],
  ])('refuses %s with BAD_USER_INPUT, storing nothing', async (_case, input, argument, message) => {
    const error = await refused(CREATE_TARGET, { input });

    expect(error).toMatchObject({
      message: expect.stringMatching(message),
      extensions: { code: 'BAD_USER_INPUT', argument },
    });
    expect(await count('notification_targets')).toBe(0);
    expect(await count(`audit_log WHERE action LIKE 'notification.%' AND details->>'name' = 'x'`)).toBe(0);
  });

  it('manages rules: defaults, a null filter clears it, and each step is audited', async () => {
    const target = await createTarget({ name: 'Ops', kind: 'TEAMS', url: TEAMS_URL });
    const { createNotificationRule: rule } = await admin(CREATE_RULE, {
      input: {
        targetId: target.id,
        events: ['INCIDENT_CREATED', 'INCIDENT_RESOLVED', 'INCIDENT_CREATED'],
        serviceIds: ['Exchange'],
        levels: ['INTERRUPTED'],
        tenantIds: [CONTOSO],
        quietHours: { from: '22:00', until: '07:00', timeZone: 'Europe/Paris' },
      },
    });

    expect(rule).toMatchObject({
      events: ['INCIDENT_CREATED', 'INCIDENT_RESOLVED'],
      serviceIds: ['Exchange'],
      quietHours: { from: '22:00', until: '07:00', timeZone: 'Europe/Paris' },
      holdSeconds: null,
    });

    const { updateNotificationRule } = await admin(
      `mutation($id: ID!, $input: UpdateNotificationRuleInput!) {
        updateNotificationRule(id: $id, input: $input) { events serviceIds levels holdSeconds quietHours { from } } }`,
      { id: rule.id, input: { serviceIds: null, holdSeconds: 120 } },
    );
    expect(updateNotificationRule).toEqual({
      events: ['INCIDENT_CREATED', 'INCIDENT_RESOLVED'],
      serviceIds: null,
      levels: ['INTERRUPTED'],
      holdSeconds: 120,
      quietHours: { from: '22:00' },
    });
    expect((await admin(TARGETS)).notificationTargets[0].rules).toHaveLength(1);

    await admin('mutation($id: ID!) { deleteNotificationRule(id: $id) { id } }', { id: rule.id });
    expect((await admin(TARGETS)).notificationTargets[0].rules).toEqual([]);
    const actions = await db.query(`SELECT action FROM audit_log WHERE target = $1 ORDER BY id`, [rule.id]);
    expect(actions.rows.map((row) => row.action)).toEqual([
      'notification.rule.create',
      'notification.rule.update',
      'notification.rule.delete',
    ]);
  });

  it.each([
    ['no events', { events: [] }, 'events'],
    ['the TEST event', { events: ['TEST'] }, 'events'],
    [
      'a tenant Beacon does not know',
      { events: ['INCIDENT_CREATED'], tenantIds: ['not-a-tenant'] },
      'tenantIds',
    ],
    [
      'quiet hours that are no time',
      { events: ['INCIDENT_CREATED'], quietHours: { from: '25:00', until: '07:00' } },
      'quietHours.from',
    ],
    [
      'an unknown time zone',
      {
        events: ['INCIDENT_CREATED'],
        quietHours: { from: '22:00', until: '07:00', timeZone: 'Mars/Olympus' },
      },
      'quietHours.timeZone',
    ],
    ['a hold time out of range', { events: ['INCIDENT_CREATED'], holdSeconds: -1 }, 'holdSeconds'],
  ])('refuses a rule with %s', async (_case, input, argument) => {
    const target = await createTarget({ name: 'Ops', kind: 'TEAMS', url: TEAMS_URL });

    const error = await refused(CREATE_RULE, { input: { targetId: target.id, ...input } });

    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(await count('notification_rules')).toBe(0);
  });

  it.each([
    [
      'an unknown target',
      'mutation { deleteNotificationTarget(id: "6f1c5e2a-1111-4222-8333-944455556666") { id } }',
    ],
    [
      'an id that is no uuid',
      'mutation { updateNotificationTarget(id: "nope", input: { name: "x" }) { id } }',
    ],
    [
      'a rule for an unknown target',
      'mutation { createNotificationRule(input: { targetId: "6f1c5e2a-1111-4222-8333-944455556666", events: [INCIDENT_CREATED] }) { id } }',
    ],
    ['a test for an unknown target', 'mutation { sendTestNotification(targetId: "x") { id } }'],
  ])('answers %s with BAD_USER_INPUT', async (_case, text) => {
    expect((await refused(text, {}))?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers an unknown target with null', async () => {
    expect(await admin('{ notificationTarget(id: "nope") { id } }')).toEqual({ notificationTarget: null });
  });

  it('is for admins only: a viewer is refused, and nothing changes', async () => {
    const target = await createTarget({ name: 'Ops', kind: 'TEAMS', url: TEAMS_URL });

    for (const text of [
      TARGETS,
      `mutation { deleteNotificationTarget(id: "${target.id}") { id } }`,
      `mutation { sendTestNotification(targetId: "${target.id}") { id } }`,
      '{ notificationDeadLetters { edges { cursor } } }',
    ]) {
      const response = await graphql(beacon.url, text, {}, viewer);
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await count('notification_targets')).toBe(1);
    expect(await count('notification_deliveries')).toBe(0);
  });

  it('sends a test through the outbox, and shows it in the delivery log', async () => {
    const target = await createTarget({ name: 'Ops', kind: 'TEAMS', url: TEAMS_URL });

    const { sendTestNotification } = await admin(
      `mutation($id: ID!) { sendTestNotification(targetId: $id) { ${DELIVERY_FIELDS} } }`,
      { id: target.id },
    );

    expect(sendTestNotification).toMatchObject({
      targetId: target.id,
      targetName: 'Ops',
      event: 'TEST',
      state: 'PENDING',
      headline: expect.stringContaining('Test'),
      attempts: [],
    });
    const log = await admin(DELIVERIES, { targetId: target.id });
    expect(log.notificationDeliveries.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([
      sendTestNotification.id,
    ]);
    expect((await admin(TARGETS)).notificationTargets[0].pendingCount).toBe(1);
    expect(await count(`audit_log WHERE action = 'notification.test'`)).toBeGreaterThan(0);
  });

  it('pages the log newest first, filters by state, and lists dead letters with their attempts', async () => {
    const target = await createTarget({
      name: 'Ops',
      kind: 'SLACK_WEBHOOK',
      url: 'https://hooks.slack.test/T/B/x',
    });
    // Three deliveries as the dispatcher leaves them: one sent, one given up on after three attempts, one pending.
    const ids: string[] = [];
    for (const [n, state] of [
      [1, 'sent'],
      [2, 'dead'],
      [3, 'pending'],
    ] as const) {
      const inserted = await db.query(
        `INSERT INTO notification_deliveries (target_id, idempotency_key, event, ordering_key, payload, state, attempts, next_attempt_at, last_error, created_at)
         VALUES ($1, $2, 'test', $3, $4, $5, $6, now(), $7, now() + make_interval(secs => $8)) RETURNING id::text`,
        [
          target.id,
          `key-${n}`,
          `test:${target.id}`,
          { kind: 'test', requestedAt: new Date().toISOString() },
          state,
          state === 'dead' ? 3 : 1,
          state === 'dead' ? 'HTTP 500' : null,
          n,
        ],
      );
      ids.push(inserted.rows[0].id);
    }
    for (const status of [500, 500, 500]) {
      await db.query(
        `INSERT INTO notification_attempts (delivery_id, target_id, at, outcome, status, error, duration_ms) VALUES ($1, $2, now(), 'failed', $3, 'HTTP 500', 12)`,
        [ids[1], target.id, status],
      );
    }

    const first = (await admin(DELIVERIES, { targetId: target.id, first: 2 })).notificationDeliveries;
    const second = (
      await admin(DELIVERIES, { targetId: target.id, first: 2, after: first.pageInfo.endCursor })
    ).notificationDeliveries;
    const dead = (await admin(`{ notificationDeadLetters { edges { node { ${DELIVERY_FIELDS} } } } }`))
      .notificationDeadLetters;
    const sent = (await admin(DELIVERIES, { state: 'SENT' })).notificationDeliveries;

    expect(first.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([ids[2], ids[1]]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(second.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([ids[0]]);
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect(dead.edges).toEqual([
      {
        node: expect.objectContaining({
          id: ids[1],
          state: 'DEAD',
          attemptCount: 3,
          lastError: 'HTTP 500',
          attempts: [1, 2, 3].map(() => ({
            outcome: 'FAILED',
            status: 500,
            error: 'HTTP 500',
            durationMs: 12,
          })),
        }),
      },
    ]);
    expect(sent.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([ids[0]]);
    expect((await admin(TARGETS)).notificationTargets[0]).toMatchObject({ pendingCount: 1, deadCount: 1 });
  });

  it.each([
    [
      'a cursor of another list',
      { after: Buffer.from('["incidents","2026-01-01T00:00:00.000000Z","1"]').toString('base64url') },
      'after',
    ],
    [
      'a forged cursor',
      {
        after: Buffer.from('["notificationDeliveries","2026-01-01T00:00:00.000000Z","1; drop"]').toString(
          'base64url',
        ),
      },
      'after',
    ],
    ['a page too large', { first: 101 }, 'first'],
    ['a target id that is no uuid', { targetId: 'x' }, 'targetId'],
  ])('refuses %s in the delivery log', async (_case, variables, argument) => {
    const error = await refused(DELIVERIES, variables);
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
  });

  it('deletes a target with its rules and the deliveries owed to it', async () => {
    const target = await createTarget({ name: 'Ops', kind: 'TEAMS', url: TEAMS_URL });
    await admin(CREATE_RULE, { input: { targetId: target.id, events: ['INCIDENT_CREATED'] } });
    await admin('mutation($id: ID!) { sendTestNotification(targetId: $id) { id } }', { id: target.id });

    const { deleteNotificationTarget } = await admin(
      'mutation($id: ID!) { deleteNotificationTarget(id: $id) { name } }',
      {
        id: target.id,
      },
    );

    expect(deleteNotificationTarget).toEqual({ name: 'Ops' });
    expect([
      await count('notification_targets'),
      await count('notification_rules'),
      await count('notification_deliveries'),
    ]).toEqual([0, 0, 0]);
  });
});
