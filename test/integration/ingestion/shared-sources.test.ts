import { ConfigModule, loadConfig } from '#config';
import { type Connector, type PollRequest, type PollResult } from '#connectors';
import { PersistenceModule, SourceRepository } from '#persistence';
import { IngestionModule } from '#ingestion';
import { MetricsModule } from '#runtime';
import { createTestDatabase, pollResult, type TestDatabase } from '#testing';
import { ScheduleModule } from '@nestjs/schedule';
import { Test, type TestingModule } from '@nestjs/testing';
import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONNECTOR_SET, fixedConnectorSet } from '../../../apps/ingestor/src/connectors.provider.js';
import { PollScheduler } from '../../../apps/ingestor/src/poll.scheduler.js';

const TENANTS = Array.from({ length: 6 }, (_, i) => `tenant${i}`);
const INTERVAL_S = 4;

interface Poll {
  process: string;
  tenant: string;
  startedAt: number;
  endedAt: number;
}

/** Records which process polled which tenant, and when; each poll takes a while, so overlaps would show. */
class RecordingConnector implements Connector {
  readonly channel = 'GRAPH' as const;
  constructor(
    readonly tenantId: string,
    private readonly process: string,
    private readonly polls: Poll[],
  ) {}

  async poll(_request: PollRequest): Promise<PollResult> {
    const startedAt = Date.now();
    await sleep(100);
    this.polls.push({ process: this.process, tenant: this.tenantId, startedAt, endedAt: Date.now() });
    return pollResult([]);
  }
}

describe('ingestors sharing one database', () => {
  let database: TestDatabase;
  let db: pg.Client;
  const polls: Poll[] = [];
  const running = new Set<TestingModule>();

  async function startIngestor(name: string): Promise<TestingModule> {
    const config = loadConfig({
      DATABASE_URL: database.url,
      GRAPH_POLL_SECONDS: String(INTERVAL_S),
      STATUS_SITE_URL: '',
    });
    const app = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(config),
        PersistenceModule.forRoot(database.url),
        MetricsModule,
        ScheduleModule.forRoot(),
        IngestionModule,
      ],
      providers: [
        {
          provide: CONNECTOR_SET,
          useValue: fixedConnectorSet(TENANTS.map((tenant) => new RecordingConnector(tenant, name, polls))),
        },
        PollScheduler,
      ],
    }).compile();
    await app.get(SourceRepository).register(
      TENANTS.map((id) => ({ id, displayName: id })),
      TENANTS.map((tenantId) => ({ channel: 'GRAPH' as const, tenantId })),
      [],
    );
    await app.init();
    running.add(app);
    return app;
  }

  /** Which process polled each tenant last in [from, to). */
  function pollers(from: number, to: number): Map<string, Set<string>> {
    const byProcess = new Map<string, Set<string>>();
    for (const poll of polls.filter((p) => p.startedAt >= from && p.startedAt < to)) {
      byProcess.set(poll.process, (byProcess.get(poll.process) ?? new Set()).add(poll.tenant));
    }
    return byProcess;
  }

  /** How many source locks each session holds, fewest first. */
  const locksPerSession = async () =>
    (
      await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = 'beacon-source-locks'
           AND a.datname = current_database()
         GROUP BY l.pid ORDER BY 1`,
      )
    ).rows.map((row) => row.n);

  async function until(condition: () => Promise<boolean>): Promise<void> {
    for (const deadline = Date.now() + 15_000; !(await condition()); await sleep(50))
      if (Date.now() > deadline) throw new Error('timed out');
  }

  const shares = (from: number, to: number) =>
    [...pollers(from, to).values()].map((tenants) => tenants.size).sort((a, b) => a - b);

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
  });

  afterAll(async () => {
    for (const app of running) await app.close();
    await db.end();
    await database.drop();
  });

  it('share the sources evenly as processes join and leave, and never poll one source twice at once', async () => {
    const interval = INTERVAL_S * 1000;
    const first = await startIngestor('first');
    await sleep(interval + 500);
    expect(shares(0, Date.now())).toEqual([6]);

    const second = await startIngestor('second');
    const secondJoined = Date.now();
    // Its share within an interval: the sources it holds (polled when due: a move doesn't poll early).
    await until(async () => JSON.stringify(await locksPerSession()) === '[3,3]');
    expect(Date.now() - secondJoined).toBeLessThanOrEqual(interval);
    await sleep(interval + 1000);
    const settled = Date.now();
    await sleep(2 * interval);
    expect(shares(settled, Date.now())).toEqual([3, 3]);

    const third = await startIngestor('third');
    await sleep(interval + 1000);
    const threeSettled = Date.now();
    await sleep(2 * interval);
    expect(shares(threeSettled, Date.now())).toEqual([2, 2, 2]);

    await first.close();
    running.delete(first);
    await sleep(interval + 1000);
    const twoSettled = Date.now();
    await sleep(2 * interval);
    expect(shares(twoSettled, Date.now())).toEqual([3, 3]);
    expect(pollers(twoSettled, Date.now()).has('first')).toBe(false);
    await Promise.all([second.close(), third.close()]);
    running.clear();

    // Every tenant was polled about once an interval all along (no gap of two while sources moved) …
    for (const tenant of TENANTS) {
      const starts = polls.filter((p) => p.tenant === tenant).map((p) => p.startedAt);
      const gaps = starts.slice(1).map((start, i) => start - starts[i]!);
      expect(Math.max(...gaps)).toBeLessThan(2 * interval + 1000);
    }
    // … by one process at a time, and the database's poll runs say the same.
    for (const tenant of TENANTS) {
      const sorted = polls.filter((p) => p.tenant === tenant).sort((a, b) => a.startedAt - b.startedAt);
      for (let i = 1; i < sorted.length; i++)
        expect(sorted[i]!.startedAt).toBeGreaterThanOrEqual(sorted[i - 1]!.endedAt);
    }
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM poll_runs a JOIN poll_runs b
         ON a.source_id = b.source_id AND a.id < b.id
        AND tstzrange(a.started_at, a.finished_at) && tstzrange(b.started_at, b.finished_at)`,
    );
    expect(rows[0].n).toBe(0);
    expect((await db.query('SELECT count(*)::int AS n FROM ingestor_members')).rows[0].n).toBe(0);
  }, 90_000);
});
