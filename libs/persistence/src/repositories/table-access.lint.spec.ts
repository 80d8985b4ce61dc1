import { ESLint } from 'eslint';

// The rule that keeps table access in the repositories (eslint.config.js), checked on the project's own
// configuration: a statement outside libs/persistence is refused, inside it and in tests it is not; inside the
// repositories, the entity API and query builders are refused (hand-written SQL).
const eslint = new ESLint({ cwd: process.cwd() });

async function refusals(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages
    .filter((message) => message.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

const QUERY = `export const rows = (dataSource: { query(text: string): unknown }) => dataSource.query('SELECT 1');\n`;
const ENTITY = `export const save = (manager: { save(row: object): unknown }) => manager.save({});\n`;
const VIA_DATA_SOURCE = `export const find = (dataSource: { manager: { find(e: object): unknown } }) =>
  dataSource.manager.find({});\n`;
const BUILDER = `export const one = (m: { createQueryBuilder(): unknown }) => m.createQueryBuilder();\n`;
const RUNNER = `export const session = (d: { createQueryRunner(): unknown }) => d.createQueryRunner();\n`;

describe('table access outside libs/persistence', () => {
  it.each([
    ['a statement on a DataSource in the API', QUERY, 'apps/api/src/some/where.service.ts'],
    ["an entity manager's save in a library", ENTITY, 'libs/notifications/src/somewhere.ts'],
    ["a DataSource's manager in the ingestor", VIA_DATA_SOURCE, 'apps/ingestor/src/some.job.ts'],
    ['a query builder in ingestion', BUILDER, 'libs/ingestion/src/other.ts'],
    ['a session of its own in a job', RUNNER, 'apps/ingestor/src/some.job.ts'],
    ["a statement in the correlator's fold", QUERY, 'libs/correlation/src/service-status.refresher.ts'],
    ['a statement in the correlator', QUERY, 'libs/correlation/src/correlator.ts'],
    ['a query builder in a new file of the fold', BUILDER, 'libs/correlation/src/somewhere.ts'],
    [
      "an entity manager's save in the fold's incident store",
      ENTITY,
      'libs/correlation/src/incident.store.ts',
    ],
  ])('refuses %s', async (_what, code, filePath) => {
    expect(await refusals(code, filePath)).toEqual([
      expect.stringContaining('libs/persistence/src/repositories'),
    ]);
  });

  it.each([
    ['a repository', QUERY, 'libs/persistence/src/repositories/reads/some.repository.ts'],
    ['a test', QUERY, 'test/integration/some.test.ts'],
    ['a unit spec', ENTITY, 'apps/api/src/some/where.spec.ts'],
    ['a file on the list (advisory locks, no table statement)', QUERY, 'libs/ingestion/src/source.lock.ts'],
  ])('allows %s', async (_what, code, filePath) => {
    expect(await refusals(code, filePath)).toEqual([]);
  });

  it('leaves properties named query alone (a request has a query string)', async () => {
    const code = `export const q = (request: { query: unknown }) => request.query;\n`;
    expect(await refusals(code, 'apps/api/src/some/where.ts')).toEqual([]);
  });
});

describe('table access inside the repositories', () => {
  const FAIL_LOOKUP = `export const one = (manager: { findOneOrFail(e: object): unknown }) => manager.findOneOrFail({});\n`;

  it.each([
    ["an entity manager's save", ENTITY],
    ["a DataSource's manager's find", VIA_DATA_SOURCE],
    ['a query builder', BUILDER],
    ['a lookup that throws when it finds nothing', FAIL_LOOKUP],
  ])('refuses %s: a repository writes its SQL', async (_what, code) => {
    expect(await refusals(code, 'libs/persistence/src/repositories/ingestion/some.repository.ts')).toEqual([
      expect.stringContaining('writes its SQL by hand'),
    ]);
  });

  it('allows its statements, and a session of its own (a lock held across statements)', async () => {
    const file = 'libs/persistence/src/repositories/ingestion/some.repository.ts';
    expect(await refusals(QUERY, file)).toEqual([]);
    expect(await refusals(RUNNER, file)).toEqual([]);
  });
});
