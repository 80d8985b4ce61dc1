import { ConnectorError, contentHash } from '#connectors';
import { Correlator } from '#correlation';
import { PollRunner } from '#ingestion';
import { PollRunEntity, RawSignalEntity, SourceEntity, SourceRepository } from '#persistence';
import {
  correlateAll,
  createTestDatabase,
  graphHealthOverviewSignal,
  graphIssueSignal,
  pollResult,
  ScriptedConnector,
  startIngestionTestModule,
  type TestDatabase,
  xPostSignal,
} from '#testing';
import type { TestingModule } from '@nestjs/testing';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';

const SETTINGS = { intervalMs: 1000, timeoutMs: 5000 };

describe(PollRunner.name, () => {
  let database: TestDatabase;
  let app: TestingModule;
  let sut: PollRunner;
  let dataSource: DataSource;

  beforeEach(async () => {
    database = await createTestDatabase();
    app = await startIngestionTestModule(database.url);
    sut = app.get(PollRunner);
    dataSource = app.get(DataSource);
    await app.get(SourceRepository).register([], [{ channel: 'X', tenantId: null }], []);
  });

  afterEach(async () => {
    await app.close();
    await database.drop();
  });

  const signals = () => dataSource.manager.find(RawSignalEntity, { order: { externalId: 'ASC' } });
  const source = () => dataSource.manager.findOneByOrFail(SourceEntity, { channel: 'X' });
  const runs = () => dataSource.manager.find(PollRunEntity, { order: { id: 'ASC' } });

  it('stores the signals of a first poll with its cursor, and says the source is healthy', async () => {
    const connector = new ScriptedConnector('X').then(
      pollResult([xPostSignal('1', 'We are investigating'), xPostSignal('2', 'Fixed')], { sinceId: '2' }),
    );

    await sut.run(connector, SETTINGS);

    expect((await signals()).map((s) => s.externalId)).toEqual(['1', '2']);
    expect(await source()).toMatchObject({
      state: 'HEALTHY',
      consecutiveFailures: 0,
      lastError: null,
      cursor: { sinceId: '2' },
    });
    expect(await runs()).toEqual([
      expect.objectContaining({
        signalsSeen: 2,
        signalsStored: 2,
        errorKind: null,
        finishedAt: expect.any(Date),
      }),
    ]);
  });

  it('hands the stored cursor to the next poll and never stores the same signal twice', async () => {
    const first = xPostSignal('1', 'We are investigating');
    const connector = new ScriptedConnector('X').then(
      pollResult([first], { sinceId: '1' }),
      pollResult([first, xPostSignal('2', 'Resolved')], { sinceId: '2' }),
    );

    await sut.run(connector, SETTINGS);
    await sut.run(connector, SETTINGS);

    expect(connector.requests.map((r) => r.cursor)).toEqual([null, { sinceId: '1' }]);
    expect((await signals()).map((s) => s.externalId)).toEqual(['1', '2']);
    expect((await runs()).map((r) => [r.signalsSeen, r.signalsStored])).toEqual([
      [1, 1],
      [2, 1],
    ]);
  });

  it('stores a state again when it comes back after a change, and only then', async () => {
    const exchange = (status: string) =>
      graphHealthOverviewSignal('contoso', 'Exchange', 'Exchange Online', status);
    const connector = new ScriptedConnector('GRAPH', 'contoso').then(
      ...[
        'serviceOperational',
        'serviceOperational',
        'serviceDegradation',
        'serviceOperational',
        'serviceOperational',
      ].map((status) => pollResult([exchange(status)])),
    );
    await app
      .get(SourceRepository)
      .register([{ id: 'contoso', displayName: 'Contoso' }], [{ channel: 'GRAPH', tenantId: 'contoso' }], []);

    for (let poll = 0; poll < 5; poll++) await sut.run(connector, SETTINGS);

    await correlateAll(app.get(Correlator), new Date());
    const stored: Array<{ status: string; revision: number }> = await dataSource.query(
      `SELECT p.payload->>'status' AS status, s.revision FROM raw_signals s
       JOIN raw_payloads p ON p.hash = s.payload_hash WHERE s.kind = 'graph.healthOverview' ORDER BY s.id`,
    );
    expect(stored.map((s) => [s.status, s.revision])).toEqual([
      ['serviceOperational', 0],
      ['serviceDegradation', 0],
      ['serviceOperational', 1],
    ]);
    const evidence = await dataSource.query(
      `SELECT status FROM service_evidence WHERE service_id = 'Exchange'`,
    );
    expect(evidence).toEqual([{ status: 'serviceOperational' }]);
  });

  it('polls tenants that list the same incidents and services concurrently, each storing its own answer', async () => {
    const tenants = ['t1', 't2', 't3', 't4', 't5'];
    await app.get(SourceRepository).register(
      tenants.map((id) => ({ id, displayName: id })),
      tenants.map((tenantId) => ({ channel: 'GRAPH' as const, tenantId })),
      [],
    );
    const issues = ['EX1300001', 'EX1300002', 'TM1300003', 'SP1300004'];
    const connectors = tenants.map((tenant, index) => {
      // Each tenant answers in its own order, services and issues interleaved.
      const rotated = [...issues.slice(index % 4), ...issues.slice(0, index % 4)];
      return new ScriptedConnector('GRAPH', tenant).then(
        pollResult([
          graphHealthOverviewSignal(tenant, 'Exchange', 'Exchange Online', 'serviceDegradation'),
          ...rotated.map((id) => graphIssueSignal(tenant, { id })),
          graphHealthOverviewSignal(tenant, 'microsoftteams', 'Microsoft Teams', 'serviceOperational'),
        ]),
      );
    });

    const sources = await Promise.all(connectors.map((connector) => sut.run(connector, SETTINGS)));

    expect(sources.map((source) => [source.state, source.lastError])).toEqual(
      tenants.map(() => ['HEALTHY', null]),
    );
    // Five tenants listing the same four issues and two services: thirty signals, six payloads.
    expect(await dataSource.query('SELECT count(*)::int AS n FROM raw_signals')).toEqual([{ n: 30 }]);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM raw_payloads`)).toEqual([{ n: 4 + 2 }]);
    await correlateAll(app.get(Correlator), new Date());
    expect(await dataSource.query('SELECT count(*)::int AS n FROM incidents')).toEqual([{ n: 4 }]);
    expect(await dataSource.query('SELECT count(*)::int AS n FROM incident_tenants')).toEqual([{ n: 20 }]);
  });

  describe('payloads several polls of this process bring at once', () => {
    const tenants = ['t1', 't2', 't3', 't4'];
    const issues = ['EX1300001', 'EX1300002', 'TM1300003'];
    const pollAll = () =>
      Promise.all(
        tenants.map((tenant) =>
          sut.run(
            new ScriptedConnector('GRAPH', tenant).then(
              pollResult(issues.map((id) => graphIssueSignal(tenant, { id }))),
            ),
            SETTINGS,
          ),
        ),
      );
    /**
     * The hashes of the payloads each insert sends, recorded on the way to a slow database: each insert
     * arrives a moment late, when every poll has looked for its payloads.
     */
    const payloadInserts = (fail = () => false) => {
      const inserts: string[][] = [];
      const query = dataSource.manager.query.bind(dataSource.manager);
      dataSource.manager.query = async (sql, parameters) => {
        if (sql.includes('INSERT INTO raw_payloads')) {
          inserts.push(
            (JSON.parse((parameters as string[])[0]!) as Array<{ hash: string }>).map((p) => p.hash),
          );
          await new Promise((resolve) => setTimeout(resolve, 200));
          if (fail()) throw new Error('connection lost');
        }
        return query(sql, parameters);
      };
      return inserts;
    };

    beforeEach(async () => {
      await app.get(SourceRepository).register(
        tenants.map((id) => ({ id, displayName: id })),
        tenants.map((tenantId) => ({ channel: 'GRAPH' as const, tenantId })),
        [],
      );
    });

    afterEach(() => {
      // The recording above is an own property over the prototype's method.
      delete (dataSource.manager as { query?: unknown }).query;
    });

    it('sends each payload once: one poll stores it, the others wait for its insert', async () => {
      const inserts = payloadInserts();

      const sources = await pollAll();

      expect(sources.map((source) => source.state)).toEqual(tenants.map(() => 'HEALTHY'));
      expect(inserts.flat().sort()).toEqual(
        issues.map((id) => graphIssueSignal('t1', { id }).payloadHash).sort(),
      );
      expect(await dataSource.query(`SELECT count(*)::int AS n FROM raw_payloads`)).toEqual([{ n: 3 }]);
      expect(await dataSource.query(`SELECT count(*)::int AS n FROM raw_signals`)).toEqual([{ n: 12 }]);
    });

    it('stores them through another poll when the one storing them fails', async () => {
      let failures = 1;
      payloadInserts(() => failures-- > 0);

      const sources = await pollAll();

      // The poll whose insert failed failed; every other stored its signals and the payloads they need.
      expect(sources.filter((source) => source.state === 'HEALTHY')).toHaveLength(tenants.length - 1);
      expect(await dataSource.query(`SELECT count(*)::int AS n FROM raw_payloads`)).toEqual([{ n: 3 }]);
      expect(await dataSource.query(`SELECT count(*)::int AS n FROM raw_signals`)).toEqual([
        { n: 3 * (tenants.length - 1) },
      ]);
    });
  });

  it('never holds up a poll behind another source’s unfinished transaction that stored the same payload', async () => {
    await app.get(SourceRepository).register(
      ['t1', 't2'].map((id) => ({ id, displayName: id })),
      ['t1', 't2'].map((tenantId) => ({ channel: 'GRAPH' as const, tenantId })),
      [],
    );
    const poll = (tenant: string) =>
      sut.run(
        new ScriptedConnector('GRAPH', tenant).then(
          pollResult([graphIssueSignal(tenant, { id: 'EX1300001' })]),
        ),
        SETTINGS,
      );
    // t1's poll stops inside its transaction, after its signals, at the update of its source's row (a
    // lock that lets the poll run's reference to the row through).
    const blocker = dataSource.createQueryRunner();
    await blocker.startTransaction();
    let first: Promise<SourceEntity> | undefined;
    try {
      await blocker.query(`SELECT 1 FROM sources WHERE tenant_id = 't1' FOR NO KEY UPDATE`);
      first = poll('t1');
      await waitForLockWait(dataSource);

      const second = await Promise.race([
        poll('t2'),
        new Promise<'held up'>((resolve) => setTimeout(() => resolve('held up'), 5000).unref()),
      ]);

      expect(second).toMatchObject({ tenantId: 't2', state: 'HEALTHY' });
    } finally {
      await blocker.commitTransaction();
      await blocker.release();
    }
    expect(await first).toMatchObject({ state: 'HEALTHY' });
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM raw_payloads`)).toEqual([{ n: 1 }]);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM raw_signals`)).toEqual([{ n: 2 }]);
  });

  it('keys each payload by the sha256 of its canonical JSON, the hash the connector gave', async () => {
    const post = xPostSignal('1', 'We are investigating');
    await sut.run(new ScriptedConnector('X').then(pollResult([post])), SETTINGS);

    expect(await dataSource.query(`SELECT hash FROM raw_payloads`)).toEqual([
      { hash: contentHash(post.payload) },
    ]);
    expect((await signals()).map((s) => s.payloadHash)).toEqual([contentHash(post.payload)]);
  });

  it('counts failures into DEGRADED then DOWN, keeps what was stored, and recovers with no gap', async () => {
    const connector = new ScriptedConnector('X').then(
      pollResult([xPostSignal('1', 'We are investigating')], { sinceId: '1' }),
      new ConnectorError('unavailable', 'X answered 503'),
      new ConnectorError('malformed', 'the timeline is not JSON'),
      new ConnectorError('unavailable', 'connection refused'),
      pollResult([xPostSignal('2', 'Still investigating'), xPostSignal('3', 'Resolved')], { sinceId: '3' }),
    );

    await sut.run(connector, SETTINGS);
    const states = [];
    for (let failure = 0; failure < 3; failure++) {
      const after = await sut.run(connector, SETTINGS);
      states.push([after.state, after.consecutiveFailures, after.lastError]);
    }
    expect(states).toEqual([
      ['DEGRADED', 1, 'unavailable: X answered 503'],
      ['DEGRADED', 2, 'malformed: the timeline is not JSON'],
      ['DOWN', 3, 'unavailable: connection refused'],
    ]);
    expect((await signals()).map((s) => s.externalId)).toEqual(['1']);
    expect((await source()).cursor).toEqual({ sinceId: '1' });

    await sut.run(connector, SETTINGS);

    expect(connector.requests.at(-1)?.cursor).toEqual({ sinceId: '1' });
    expect((await signals()).map((s) => s.externalId)).toEqual(['1', '2', '3']);
    expect(await source()).toMatchObject({ state: 'HEALTHY', consecutiveFailures: 0, lastError: null });
  });

  it('shows a failed poll on its run and on its source together, never one without the other', async () => {
    const connector = new ScriptedConnector('X').then(new ConnectorError('unavailable', 'X answered 503'));
    // The failure stops at the source's row, held by another session (a lock that lets the poll run's
    // reference to the row through): its run must not look finished yet.
    const before = await source();
    const blocker = dataSource.createQueryRunner();
    await blocker.startTransaction();
    let failed: Promise<SourceEntity> | undefined;
    try {
      await blocker.query(`SELECT 1 FROM sources WHERE channel = 'X' FOR NO KEY UPDATE`);
      failed = sut.run(connector, SETTINGS);
      await waitForLockWait(dataSource);

      expect((await runs()).map((run) => [run.finishedAt, run.errorKind])).toEqual([[null, null]]);
      expect(await source()).toEqual(before);
    } finally {
      await blocker.commitTransaction();
      await blocker.release();
    }
    expect(await failed).toMatchObject({ state: 'DEGRADED', lastError: 'unavailable: X answered 503' });
    expect((await runs()).map((run) => run.errorKind)).toEqual(['unavailable']);
  });

  it('waits at least as long as a throttled upstream asks before the next attempt', async () => {
    const connector = new ScriptedConnector('X').then(new ConnectorError('throttled', 'X: 429', 120_000));
    const before = Date.now();

    const after = await sut.run(connector, SETTINGS);

    expect(after.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(before + 120_000);
    expect((await runs())[0]).toMatchObject({ errorKind: 'throttled', error: 'X: 429' });
  });

  it('does not believe an upstream that asks to wait for days', async () => {
    const connector = new ScriptedConnector('X').then(
      new ConnectorError('throttled', 'X: 429', 10 * 86_400_000),
    );
    const after = await sut.run(connector, SETTINGS);
    expect(after.nextAttemptAt!.getTime()).toBeLessThanOrEqual(Date.now() + 3600_000);
  });

  it('counts a poll stopped by shutdown as neither success nor failure', async () => {
    const shutdown = new AbortController();
    const connector = new ScriptedConnector('X').then(({ signal }) => {
      shutdown.abort();
      return Promise.reject(signal.reason);
    });

    const after = await sut.run(connector, { ...SETTINGS, shutdown: shutdown.signal });

    expect(after).toMatchObject({ consecutiveFailures: 0, lastError: 'not polled yet' });
    expect((await runs())[0]).toMatchObject({ errorKind: 'aborted', finishedAt: expect.any(Date) });
  });

  it('stores an item that one answer carries twice once', async () => {
    const twice = xPostSignal('1', 'We are investigating');
    await sut.run(new ScriptedConnector('X').then(pollResult([twice, twice])), SETTINGS);
    expect((await runs())[0]).toMatchObject({ signalsSeen: 2, signalsStored: 1 });
  });

  it('abandons a poll that outlasts its time-out', async () => {
    const connector = new ScriptedConnector('X').then(
      ({ signal }) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    );

    const after = await sut.run(connector, { ...SETTINGS, timeoutMs: 50 });

    expect(after).toMatchObject({ state: 'DEGRADED', lastError: 'timeout: the poll did not finish in time' });
  });

  it('stores nothing and keeps the cursor when the transaction fails half-way', async () => {
    // A signal of a tenant that doesn't exist breaks the transaction after the first signal's insert.
    const orphan = { ...xPostSignal('2', 'x'), channel: 'GRAPH' as const, tenantId: 'no-such-tenant' };
    const connector = new ScriptedConnector('X').then(
      pollResult([xPostSignal('1', 'We are investigating'), orphan], { sinceId: '2' }),
    );

    const after = await sut.run(connector, SETTINGS);

    expect(await signals()).toEqual([]);
    expect(after).toMatchObject({ state: 'DEGRADED', cursor: null });
    expect(after.lastError).toBe('internal: internal error (see the log)');
  });

  it('counts polls, failures and stored signals in the metrics', async () => {
    const connector = new ScriptedConnector('X').then(
      pollResult([xPostSignal('1', 'a')]),
      new ConnectorError('authentication', 'bearer token rejected'),
    );
    await sut.run(connector, SETTINGS);
    await sut.run(connector, SETTINGS);

    const metrics = await app.get(Registry).metrics();
    expect(metrics).toContain('beacon_polls_total{channel="X",tenant=""} 2');
    expect(metrics).toContain('beacon_poll_failures_total{channel="X",tenant="",kind="authentication"} 1');
    expect(metrics).toContain('beacon_signals_stored_total{channel="X",tenant=""} 1');
    expect(metrics).toMatch(/beacon_data_age_seconds\{channel="X",tenant=""\} \d/);
  });
});

/** Resolves once a session of this database waits for a lock. */
async function waitForLockWait(dataSource: DataSource): Promise<void> {
  for (;;) {
    const [row] = await dataSource.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if ((row as { n: number }).n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
