import { createTestDatabase, freePort, type TestDatabase } from '#testing';
import { type BeaconCommand, runCommand } from '../../lifecycle/support/beacon-command.js';

/** What the built API logs when a client sends a bad request: one debug line each, no stack, no error. */
describe('the log of client mistakes', () => {
  let database: TestDatabase;
  let api: BeaconCommand;
  let port: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    port = await freePort();
    api = runCommand('start:api', { DATABASE_URL: database.url, LOG_LEVEL: 'debug' }, port);
    await api.ready();
  });

  afterAll(async () => {
    await api.end('SIGTERM');
    await database.drop();
  });

  const query = (document: string) =>
    fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: document }),
    }).then((response) => response.json() as Promise<{ errors: { extensions: { code: string } }[] }>);

  const logged = () =>
    api
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg: string; code?: string; err?: unknown });

  it.each([
    ['a negative page size', '{ incidents(first: -1) { totalCount } }'],
    ['a cursor that is not one', '{ incidents(after: "nope") { totalCount } }'],
    ['a value of the wrong type', '{ incidents(first: "x") { totalCount } }'],
  ])('logs %s at debug, without a stack', async (_, document) => {
    const before = logged().length;
    const { errors } = await query(document);
    expect(errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    await new Promise((resolve) => setTimeout(resolve, 200)); // the child's output arrives through a pipe

    const lines = logged().slice(before);
    expect(lines.filter((line) => line.msg === 'client error')).toEqual([
      expect.objectContaining({ level: 20, code: 'BAD_USER_INPUT' }),
    ]);
    expect(lines.filter((line) => line.level >= 40)).toEqual([]);
    expect(lines.filter((line) => line.err !== undefined)).toEqual([]);
  });
});
