import { ConfigModule, loadConfig } from '#config';
import type { Connector, PollRequest, PollResult } from '#connectors';
import { IngestionModule } from '#ingestion';
import { PersistenceModule, SourceRepository } from '#persistence';
import { MetricsModule } from '#runtime';
import { createTestDatabase, pollResult, type TestDatabase, xPostSignal } from '#testing';
import { ScheduleModule } from '@nestjs/schedule';
import { Test, type TestingModule } from '@nestjs/testing';
import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONNECTOR_SET, fixedConnectorSet } from '../../../apps/ingestor/src/connectors.provider.js';
import { PollScheduler } from '../../../apps/ingestor/src/poll.scheduler.js';

interface Poll {
  process: string;
  startedAt: number;
  endedAt: number;
  aborted: boolean;
}

/** X, polled slowly enough (2 s a poll) that a lock can be lost in the middle of one. */
class SlowConnector implements Connector {
  readonly channel = 'X' as const;
  readonly tenantId = null;
  inFlightSince: number | null = null;
  private count = 0;

  constructor(
    private readonly process: string,
    private readonly polls: Poll[],
  ) {}

  async poll({ signal }: PollRequest): Promise<PollResult> {
    const startedAt = Date.now();
    this.inFlightSince = startedAt;
    const id = `${this.process}-${++this.count}`;
    try {
      await sleep(2000, undefined, { signal });
    } catch (error) {
      this.polls.push({ process: this.process, startedAt, endedAt: Date.now(), aborted: true });
      throw error;
    } finally {
      this.inFlightSince = null;
    }
    this.polls.push({ process: this.process, startedAt, endedAt: Date.now(), aborted: false });
    return pollResult([xPostSignal(id, `poll ${id}`)]);
  }
}

describe('an ingestor whose lock connection is cut', () => {
  let database: TestDatabase;
  let admin: pg.Client;
  const apps: TestingModule[] = [];

  async function startIngestor(connector: Connector): Promise<TestingModule> {
    const config = loadConfig({ DATABASE_URL: database.url, X_POLL_SECONDS: '1', STATUS_SITE_URL: '' });
    const app = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(config),
        PersistenceModule.forRoot(database.url),
        MetricsModule,
        ScheduleModule.forRoot(),
        IngestionModule,
      ],
      providers: [{ provide: CONNECTOR_SET, useValue: fixedConnectorSet([connector]) }, PollScheduler],
    }).compile();
    await app.get(SourceRepository).register([], [{ channel: 'X', tenantId: null }], []);
    await app.init();
    apps.push(app);
    return app;
  }

  /** The backends holding the X source's lock. */
  const lockHolders = async (): Promise<number[]> =>
    (
      await admin.query<{ pid: number }>(
        `SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'advisory' AND l.granted AND a.datname = $1
           AND a.application_name = 'beacon-source-locks'`,
        [database.name],
      )
    ).rows.map((row) => row.pid);

  const cutLockConnections = () =>
    admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE application_name = 'beacon-source-locks' AND datname = $1`,
      [database.name],
    );

  async function waitFor(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
    for (let waited = 0; !(await condition()); waited += 50) {
      if (waited > 15_000) throw new Error(`timed out waiting for ${what}`);
      await sleep(50);
    }
  }

  const storedExternalIds = async (): Promise<string[]> =>
    (
      await admin.query<{ external_id: string }>(`SELECT external_id FROM raw_signals ORDER BY external_id`)
    ).rows.map((row) => row.external_id);

  beforeEach(async () => {
    database = await createTestDatabase();
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
  });

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await admin.end();
    await database.drop();
  });

  it('aborts the poll in flight, stores nothing of it, and takes the lock again on a new connection', async () => {
    const polls: Poll[] = [];
    const connector = new SlowConnector('only', polls);
    await startIngestor(connector);
    await waitFor('a poll in flight', () => connector.inFlightSince !== null);
    const [before] = await lockHolders();

    await cutLockConnections();

    await waitFor('the poll to stop', () => polls.length > 0);
    expect(polls[0]).toMatchObject({ aborted: true });
    const firstRun = async () =>
      (
        await admin.query(
          `SELECT error_kind, signals_stored FROM poll_runs WHERE finished_at IS NOT NULL ORDER BY id LIMIT 1`,
        )
      ).rows[0] as Record<string, unknown> | undefined;
    await waitFor('the poll run to be recorded', async () => (await firstRun()) !== undefined);
    expect(await firstRun()).toMatchObject({ error_kind: 'aborted', signals_stored: 0 });
    expect(await storedExternalIds()).toEqual([]);

    await waitFor('a completed poll stored', async () => (await storedExternalIds()).length > 0);
    expect(await storedExternalIds()).toEqual(['only-2']);
    const after = await lockHolders();
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before);
  });

  it('stops polling before the other process takes the source over, and the two never overlap', async () => {
    const polls: Poll[] = [];
    const first = new SlowConnector('first', polls);
    await startIngestor(first);
    await waitFor('the first poll in flight', () => first.inFlightSince !== null);
    const second = new SlowConnector('second', polls);
    await startIngestor(second);
    await sleep(1200); // the second process has found the lock taken

    await cutLockConnections();
    await waitFor('a poll after the cut to complete', () =>
      polls.some((poll) => !poll.aborted && poll.startedAt > polls[0]!.endedAt),
    );

    const [cut] = polls;
    expect(cut).toMatchObject({ process: 'first', aborted: true });
    const sorted = [...polls].sort((a, b) => a.startedAt - b.startedAt);
    for (let i = 1; i < sorted.length; i++)
      expect(sorted[i]!.startedAt).toBeGreaterThanOrEqual(sorted[i - 1]!.endedAt);
    expect(await lockHolders()).toHaveLength(1);
  });
});
