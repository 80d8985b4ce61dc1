import type { RunningBeacon } from '#runtime';
import { createTestDatabase, type TestDatabase, xPostSignal } from '#testing';
import { capturingLogger, graphql, startApi, testConfig } from './support/api-client.js';
import { TestIngestor } from './support/ingestor.js';

// A file of its own: nestjs-pino keeps the first logger of the process, and this test reads the log.
describe('an internal error', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;
  const log = capturingLogger();

  beforeAll(async () => {
    database = await createTestDatabase();
    const ingestor = await TestIngestor.start(testConfig(database.url), database.url);
    await ingestor.ingest(
      [xPostSignal('1', "We're investigating an Exchange Online outage. EX1500009", new Date())],
      new Date(),
    );
    // A schema the code does not expect: every read of updates fails in PostgreSQL.
    await ingestor.dataSource.query('ALTER TABLE incident_updates RENAME COLUMN text TO body');
    await ingestor.close();
    // Started last: Nest's logger is per process, and the ingestor's testing module sets one of its own.
    beacon = await startApi(testConfig(database.url), log.logger);
  });

  afterAll(async () => {
    await beacon?.close();
    await database.drop();
  });

  it('shows an error id, logged with the cause, and never the SQL or a stack', async () => {
    const response = await graphql(beacon.url, '{ incidents { edges { node { id updates { text } } } } }');
    expect(response.status).toBe(200);
    const [error] = response.errors!;
    expect(error!.extensions).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
      errorId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(error!.message).toBe(`Internal server error (error id ${error!.extensions!.errorId})`);
    expect(JSON.stringify(response)).not.toMatch(/SELECT|incident_updates|does not exist|\.js:/);
    const logged = log.lines().find((line) => line.errorId === error!.extensions!.errorId);
    expect(logged).toMatchObject({ level: 50, msg: 'internal error in a GraphQL request' });
    expect(JSON.stringify(logged)).toMatch(/column u.text does not exist/);
  });
});
