import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import {
  createTestDatabase,
  freePort,
  startTestSimulator,
  type TestDatabase,
  type TestSimulator,
} from '#testing';
import type { ScenarioInput } from '../../../apps/simulator/src/index.js';

const MAIN = join(process.cwd(), 'dist/apps/beacon/src/main.js');

/** X only; its timeline answers slowly for the first minute of the story, so a poll can be caught mid-way. */
const scenario: ScenarioInput = {
  name: 'killed-mid-poll',
  duration: 3600,
  x: {
    tweets: [
      { at: -300, text: "We're investigating an issue with Exchange Online. EX1400001" },
      { at: -200, text: "We've identified the cause. EX1400001" },
      { at: -100, kind: 'reply', inReplyToUserId: '42', text: '@someone We are on it: EX1400001' },
      { at: 100, text: "We're investigating delays in Microsoft Teams. TM1400002" },
      { at: 200, text: 'Service is restored for Exchange Online. EX1400001' },
    ],
  },
  faults: [{ channel: 'x', kind: 'slow', delayMs: 4000, from: 0, for: 60 }],
};

describe('a Beacon process killed in the middle of a poll', () => {
  let database: TestDatabase;
  let simulator: TestSimulator;
  let db: pg.Client;
  let beacon: ChildProcess | null = null;
  let port: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    simulator = await startTestSimulator(scenario);
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    port = await freePort();
  });

  afterAll(async () => {
    beacon?.kill('SIGKILL');
    await db.end();
    await simulator.stop();
    await database.drop();
  });

  function start(): ChildProcess {
    const child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        ...simulator.env,
        DATABASE_URL: database.url,
        PORT: String(port),
        STATUS_SITE_URL: '',
        X_POLL_SECONDS: '1',
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    return child;
  }

  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('timed out');
  }

  /** The value once it is `expected` (the correlator folds signals in after their poll), or at the deadline. */
  async function eventually<T>(read: () => Promise<T>, expected: T): Promise<T> {
    let value = await read();
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; value = await read()) {
      if (JSON.stringify(value) === JSON.stringify(expected)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return value;
  }

  const rows = async (sql: string) => (await db.query(sql)).rows;
  const tweets = () => rows(`SELECT external_id FROM raw_signals WHERE kind = 'x.post' ORDER BY external_id`);
  const pollsInFlight = () => rows(`SELECT id FROM poll_runs WHERE finished_at IS NULL`);
  const xSource = async () => (await rows(`SELECT state, cursor FROM sources WHERE channel = 'X'`))[0];

  it('loses nothing, repeats nothing, and catches up with no gap after a restart', async () => {
    beacon = start();
    await until(pollsInFlight, (inFlight) => inFlight.length > 0);
    beacon.kill('SIGKILL');
    expect(await tweets()).toEqual([]);

    simulator.timeline.advanceTo(150); // past the slow minute: answers come at once
    beacon = start();
    await until(xSource, (source) => source?.state === 'HEALTHY');
    const afterRestart = await tweets();
    expect(afterRestart).toHaveLength(3); // two before the story, one at 100; the reply is not kept
    expect(new Set(afterRestart.map((t) => t.external_id)).size).toBe(3);
    beacon.kill('SIGKILL');

    simulator.timeline.advanceTo(250);
    beacon = start();
    await until(tweets, (all) => all.length === 4);
    const expected = [
      { reference: 'EX1400001', n: 3 },
      { reference: 'TM1400002', n: 1 },
    ];
    const updates = () =>
      rows(
        `SELECT i.reference, count(*)::int AS n FROM incident_updates u JOIN incidents i ON i.id = u.incident_id
         GROUP BY 1 ORDER BY 1`,
      );
    expect(await eventually(updates, expected)).toEqual(expected);
    const incidents = await rows(`SELECT reference FROM incidents ORDER BY reference`);
    expect(incidents.map((i) => i.reference)).toEqual(['EX1400001', 'TM1400002']);
    // Nothing repeated a moment later either.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await updates()).toEqual(expected);
  });
});
