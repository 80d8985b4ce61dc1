import {
  createTestDatabase,
  freePort,
  startTestSimulator,
  type TestDatabase,
  type TestSimulator,
} from '#testing';
import pg from 'pg';
import { type BeaconCommand, runCommand } from '../../lifecycle/support/beacon-command.js';
import { twoIncidentsOnX } from '../../lifecycle/support/scenario.js';

/** An ingestor whose polls are stuck (here: on a table lock) says it is not ready, and why. */
describe('the readiness of a stuck ingestor', () => {
  let database: TestDatabase;
  let simulator: TestSimulator;
  let ingestor: BeaconCommand;
  let port: number;
  let blocker: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    simulator = await startTestSimulator(twoIncidentsOnX);
    port = await freePort();
    // X every second, polls abandoned after a second: a round is due within 3 × 1 s + 1 s.
    const env = {
      ...simulator.env,
      DATABASE_URL: database.url,
      STATUS_SITE_URL: '',
      X_POLL_SECONDS: '1',
      POLL_TIMEOUT_SECONDS: '1',
    };
    ingestor = runCommand('start:ingestor', env, port);
    await ingestor.ready();
    blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
  });

  afterAll(async () => {
    await blocker.end();
    await ingestor.end('SIGTERM');
    await simulator.stop();
    await database.drop();
  });

  const readiness = async () => {
    const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  async function until(status: number): Promise<Record<string, unknown>> {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      const answer = await readiness();
      if (answer.status === status) return answer.body;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`readiness never answered ${status}`);
  }

  it('is ready while polls get done', async () => {
    for (let tries = 0; (await blocker.query('SELECT 1 FROM poll_runs LIMIT 1')).rowCount === 0; tries++) {
      if (tries > 100) throw new Error('no poll ran');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await until(200)).toMatchObject({ info: { database: { status: 'up' }, work: { status: 'up' } } });
  });

  it('is not ready, naming the stalled loop, while no poll can get done; ready again after', async () => {
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE sources IN ACCESS EXCLUSIVE MODE');
    const body = await until(503);
    expect(body).toMatchObject({
      info: { database: { status: 'up' } },
      error: {
        work: { status: 'down', reason: expect.stringMatching(/^poll: no work done, \d+ s overdue$/) },
      },
    });

    await blocker.query('ROLLBACK');
    expect(await until(200)).toMatchObject({ info: { work: { status: 'up' } } });
  });
});
