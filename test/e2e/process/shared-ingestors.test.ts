import {
  createTestDatabase,
  freePort,
  startTestSimulator,
  type TestDatabase,
  type TestSimulator,
} from '#testing';
import pg from 'pg';
import type { ScenarioInput } from '../../../apps/simulator/src/index.js';
import { type BeaconCommand, runCommand } from '../../lifecycle/support/beacon-command.js';

/**
 * Poll interval of the test: every bound below is "within an interval". 3 s left a loaded CI machine 0.1 s
 * to spare (a joiner's share took 3.1 s, three ingestors, the simulator and PostgreSQL on two cores).
 */
const INTERVAL_S = 5;

/** Four tenants, the status site and X: six sources. */
const scenario: ScenarioInput = {
  name: 'shared-ingestors',
  duration: 3600,
  tenants: Array.from({ length: 4 }, (_, i) => ({ name: `tenant${i}` })),
  graph: {
    issues: [
      {
        id: 'EX1600001',
        service: 'Exchange Online',
        title: 'Mail delays',
        startDateTime: '-1h',
        updates: [{ at: -600, status: 'serviceDegradation', post: 'We are investigating.' }],
      },
    ],
  },
  x: { tweets: [{ at: -300, text: "We're investigating an issue with Exchange Online. EX1600001" }] },
};

/** Ingestor processes on one database: killed, frozen and joining, each with its fair share. */
describe('three ingestor processes on one database', () => {
  let database: TestDatabase;
  let simulator: TestSimulator;
  let db: pg.Client;
  const ingestors: BeaconCommand[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    simulator = await startTestSimulator(scenario, { clock: 'realtime' });
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
  });

  afterAll(async () => {
    for (const ingestor of ingestors) {
      try {
        process.kill(ingestor.pid, 'SIGCONT');
        process.kill(ingestor.pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    await db.end();
    await simulator.stop();
    await database.drop();
  });

  async function start(): Promise<BeaconCommand> {
    const env = {
      ...simulator.env,
      DATABASE_URL: database.url,
      GRAPH_POLL_SECONDS: String(INTERVAL_S),
      STATUS_SITE_POLL_SECONDS: String(INTERVAL_S),
      X_POLL_SECONDS: String(INTERVAL_S),
      LOG_LEVEL: 'warn',
    };
    const ingestor = runCommand('start:ingestor', env, await freePort());
    ingestors.push(ingestor);
    await ingestor.ready();
    return ingestor;
  }

  /** How many source locks each session holds, fewest first. */
  const shares = async () =>
    (
      await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = 'beacon-source-locks'
           AND a.datname = current_database()
         GROUP BY l.pid ORDER BY 1`,
      )
    ).rows.map((row) => row.n);

  /** Milliseconds until the shares are `expected`, from `since`. */
  async function sharesBecome(expected: number[], since: number): Promise<number> {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      if (JSON.stringify(await shares()) === JSON.stringify(expected)) return Date.now() - since;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`the shares never became ${JSON.stringify(expected)}: ${JSON.stringify(await shares())}`);
  }

  const members = async () =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM ingestor_members')).rows[0]!.n;

  it('share the sources evenly, take a joiner’s, a killed and a frozen one’s share within an interval, and never poll a source twice at once', async () => {
    const interval = INTERVAL_S * 1000;
    const [first] = await Promise.all([start(), start()]);
    await sharesBecome([3, 3], Date.now());

    const third = start();
    for (; (await members()) < 3;) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await sharesBecome([2, 2, 2], Date.now())).toBeLessThanOrEqual(interval);
    const joined = await third;

    process.kill(first!.pid, 'SIGKILL');
    expect(await sharesBecome([3, 3], Date.now())).toBeLessThanOrEqual(interval);

    // Frozen: its session lives on, holding its locks, until the others strike it off and cut it.
    process.kill(joined.pid, 'SIGSTOP');
    expect(await sharesBecome([6], Date.now())).toBeLessThanOrEqual(interval);
    process.kill(joined.pid, 'SIGCONT'); // it wakes, finds its locks gone, and joins again
    await sharesBecome([3, 3], Date.now());
    await new Promise((resolve) => setTimeout(resolve, interval));

    // Polls that stored (not the killed one's, cut short, nor the frozen one's, aborted when it woke).
    const { rows: overlaps } = await db.query(
      `WITH stored AS (SELECT * FROM poll_runs WHERE finished_at IS NOT NULL AND error_kind IS DISTINCT FROM 'aborted')
       SELECT count(*)::int AS n FROM stored a JOIN stored b ON a.source_id = b.source_id AND a.id < b.id
        AND tstzrange(a.started_at, a.finished_at) && tstzrange(b.started_at, b.finished_at)`,
    );
    expect(overlaps[0].n).toBe(0);
    const { rows: runs } = await db.query(
      `SELECT count(DISTINCT source_id)::int AS sources,
              count(*) FILTER (WHERE error_kind = 'throttled')::int AS throttled,
              count(*) FILTER (WHERE error_kind IS NULL)::int AS ok
       FROM poll_runs`,
    );
    expect(runs[0]).toMatchObject({ sources: 6, throttled: 0 });
    expect(runs[0].ok).toBeGreaterThan(12);
  }, 240_000);
});
