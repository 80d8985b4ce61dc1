import type { BeaconConfig } from '#config';
import { migrateDatabase, runningEmbeddedDatabaseUrl, startEmbeddedDatabase } from '#persistence';
import type { Logger } from 'pino';

export interface OpenDatabase {
  url: string;
  /** Stops the embedded PostgreSQL if this process started it. */
  close(): Promise<void>;
  /** Settles if the embedded PostgreSQL this process started dies under it; never for another database. */
  lost: Promise<string>;
}

/**
 * The database a process works on, migrated: `DATABASE_URL`, or the embedded PostgreSQL under `DATA_DIR`
 * — started here, or, for tools run beside a live Beacon (`attach`), the one that Beacon runs. A process
 * that stops the embedded server itself on signals starts it `detached` from the terminal's Ctrl-C.
 */
export async function openDatabase(
  config: BeaconConfig,
  logger: Logger,
  options: { attach?: boolean; detached?: boolean } = {},
): Promise<OpenDatabase> {
  const external =
    config.database.url?.reveal() ??
    (options.attach ? runningEmbeddedDatabaseUrl(config.database.dataDir) : null);
  let database: OpenDatabase;
  if (external) {
    database = { url: external, close: async () => undefined, lost: new Promise(() => undefined) };
  } else {
    const log = logger.child({ component: 'postgres' });
    const embedded = await startEmbeddedDatabase({
      dataDir: config.database.dataDir,
      detached: options.detached,
      log: (line) => log.debug(line),
      notice: (line) => log.warn(line),
    });
    logger.info({ dataDir: config.database.dataDir }, 'embedded PostgreSQL started');
    database = { url: embedded.url, close: () => embedded.stop(), lost: embedded.lost };
  }
  try {
    const applied = await migrateDatabase(database.url);
    logger.info({ applied }, applied.length ? 'database migrated' : 'database schema up to date');
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}
