import { GRAPH_REQUEST_BUDGET } from '#connectors';
import { RequestBudgetLedger } from '#ingestion';
import { createDataSource, RequestBudgetsRepository } from '#persistence';
import { createTestDatabase, type TestDatabase } from '#testing';
import type { DataSource } from 'typeorm';

/** The most grants in any window of `periodMs` (windows start at a grant: that is where maxima are). */
function busiest(grants: number[], periodMs: number): number {
  return Math.max(
    0,
    ...grants.map((start) => grants.filter((t) => t >= start && t < start + periodMs).length),
  );
}

describe('the request budget ledger shared by processes', () => {
  let database: TestDatabase;
  /** Two connection pools: two ingestor processes, as far as the database can tell. */
  let pools: DataSource[];

  beforeAll(async () => {
    database = await createTestDatabase();
    pools = [createDataSource(database.url), createDataSource(database.url)];
    await Promise.all(pools.map((pool) => pool.initialize()));
  });

  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.destroy()));
    await database.drop();
  });

  const grantsOf = async (key: string) =>
    (
      (await pools[0]!.query('SELECT grants_ms FROM request_budgets WHERE key = $1', [key])) as Array<{
        grants_ms: string[];
      }>
    )[0]!.grants_ms.map(Number);

  it('grants concurrent callers of every process no more than each window allows, and loses none', async () => {
    const windows = [
      { limit: 5, periodMs: 2_000 },
      { limit: 15, periodMs: 60_000 },
    ];
    const ledgers = pools.map((pool) => new RequestBudgetLedger(pool, new RequestBudgetsRepository(pool)));
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => ledgers[i % 2]!.reserve('graph:contoso', windows, 10_000)),
    );

    // The hour-like window binds: 15 granted (waits up to about 4 s), the rest refused with a long wait.
    const granted = answers.filter((answer) => answer.granted);
    expect(granted).toHaveLength(15);
    expect(Math.max(...granted.map((answer) => answer.waitMs))).toBeLessThanOrEqual(10_000);
    for (const refused of answers.filter((answer) => !answer.granted))
      expect(refused.waitMs).toBeGreaterThan(10_000);
    const grants = await grantsOf('graph:contoso');
    expect(grants).toHaveLength(15);
    expect(busiest(grants, 2_000)).toBeLessThanOrEqual(5);
    expect(grants).toEqual([...grants].sort((a, b) => a - b));

    // Another key has a budget of its own.
    expect(await ledgers[1]!.reserve('graph:fabrikam', windows, 0)).toEqual({ granted: true, waitMs: 0 });
  });

  it('holds every process’s requests while the upstream asked to wait, whoever was told', async () => {
    const [first, second] = pools.map(
      (pool) => new RequestBudgetLedger(pool, new RequestBudgetsRepository(pool)),
    );
    await first!.holdFor('graph:woodgrove', 30_000);
    await second!.holdFor('graph:woodgrove', 1_000); // a shorter hold never cuts a longer one
    const answer = await second!.reserve('graph:woodgrove', GRAPH_REQUEST_BUDGET, 60_000);
    expect(answer.granted).toBe(true);
    expect(answer.waitMs).toBeGreaterThan(28_000);
    expect(answer.waitMs).toBeLessThanOrEqual(30_000);
    expect(await first!.reserve('graph:woodgrove', GRAPH_REQUEST_BUDGET, 5_000)).toMatchObject({
      granted: false,
    });
  });
});
