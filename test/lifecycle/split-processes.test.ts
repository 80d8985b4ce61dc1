import {
  createTestDatabase,
  freePort,
  startTestSimulator,
  type TestDatabase,
  type TestSimulator,
} from '#testing';
import pg from 'pg';
import { type Ending, runCommand } from './support/beacon-command.js';
import { twoIncidentsOnX } from './support/scenario.js';

const ENDINGS: [Ending, number | null][] = [
  ['SIGTERM', 0],
  ['Ctrl-C', 0],
  ['SIGHUP', 0],
  ['kill -9', null],
];

/** The API and the ingestor as separate processes on one DATABASE_URL, each stopped every way it can be. */
describe.each(['start:api', 'start:ingestor'] as const)('npm run %s', (command) => {
  let database: TestDatabase;
  let simulator: TestSimulator;
  let port: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    simulator = await startTestSimulator(twoIncidentsOnX);
    port = await freePort();
  });

  afterAll(async () => {
    await simulator.stop();
    await database.drop();
  });

  const pollRuns = async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM poll_runs')).rows[0]!.n;
    } finally {
      await client.end();
    }
  };

  it.each(ENDINGS)('starts again after %s', async (ending, code) => {
    const env = { ...simulator.env, DATABASE_URL: database.url, STATUS_SITE_URL: '', X_POLL_SECONDS: '1' };
    const before = await pollRuns();
    const process = runCommand(command, env, port);
    await process.ready();
    if (command === 'start:ingestor') {
      // It polls; the API never does.
      for (let tries = 0; (await pollRuns()) <= before; tries++) {
        if (tries > 100) throw new Error('no poll ran');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } else {
      expect(await pollRuns()).toBe(before);
    }
    const exit = await process.end(ending);
    expect(exit.code).toBe(code);
    expect(process.output()).not.toMatch(/took too long/);
  });
});
