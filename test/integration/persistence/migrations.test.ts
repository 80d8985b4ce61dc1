import { createDataSource, migrateDatabase } from '#persistence';
import { createEmptyTestDatabase, type TestDatabase } from '#testing';
import type { DataSource } from 'typeorm';

describe('migrations', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createEmptyTestDatabase();
    await migrateDatabase(database.url);
    dataSource = createDataSource(database.url);
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('leave no difference between the entities and the migrated schema', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('run again without applying anything twice', async () => {
    expect(await migrateDatabase(database.url)).toEqual([]);
  });

  it('undo completely with their down, and apply again', async () => {
    const tables = () =>
      dataSource.query(
        `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' AND tablename <> 'typeorm_metadata'`,
      );
    expect((await tables())[0].n).toBeGreaterThan(10);

    for (let undone = true; undone;) {
      undone = (await dataSource.query(`SELECT count(*)::int AS n FROM migrations`))[0].n > 0;
      if (undone) await dataSource.undoLastMigration({ transaction: 'each' });
    }
    expect((await tables())[0].n).toBe(0);
    expect(await dataSource.query(`SELECT typname FROM pg_type WHERE typtype = 'e'`)).toEqual([]);

    await migrateDatabase(database.url);
    expect((await dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });
});
