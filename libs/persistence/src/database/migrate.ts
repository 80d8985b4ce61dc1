import { createDataSource } from './data-source.js';

/** Any 64-bit number unique to Beacon: serialises migrations between processes sharing one database. */
const MIGRATION_LOCK = 0x6265_6163_6f6e;

/**
 * Brings the schema up to date, as an explicit step of start-up. Two processes starting at once take
 * turns: the second finds nothing left to run.
 */
export async function migrateDatabase(url: string): Promise<string[]> {
  const dataSource = createDataSource(url);
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
    await dataSource.destroy();
  }
}
