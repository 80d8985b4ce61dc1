import type { DatabasePool } from '#config';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '#migrations';
import { ENTITIES } from '../entities/index.js';

/** The writers' pool when no configuration says otherwise (libs/config has the same defaults). */
export const DEFAULT_WRITE_POOL: DatabasePool = {
  size: 10,
  statementTimeoutSeconds: 300,
  lockTimeoutSeconds: 60,
};

/**
 * TypeORM options for Beacon's schema: migrations only, never `synchronize`. With a `pool`, every session
 * gives up on a statement, a lock wait or an idle open transaction past its limits, so that nothing stuck
 * holds a connection (or a lock others wait for) for ever. Without one (migrations, the migration
 * generator) there is no limit: building an index on a large table may take long.
 */
export function dataSourceOptions(
  url: string,
  pool?: DatabasePool,
  applicationName = 'beacon',
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install, none to be allowed to.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    extra: {
      application_name: applicationName,
      max: pool?.size ?? DEFAULT_WRITE_POOL.size,
      ...(pool ? sessionLimits(pool) : {}),
    },
  };
}

/** Sent by `pg` as start-up parameters: each connection has them from its first statement on. */
function sessionLimits(pool: DatabasePool) {
  const statementMs = pool.statementTimeoutSeconds * 1000;
  return {
    statement_timeout: statementMs,
    lock_timeout: pool.lockTimeoutSeconds * 1000,
    idle_in_transaction_session_timeout: statementMs,
  };
}

export function createDataSource(url: string): DataSource {
  return new DataSource(dataSourceOptions(url));
}
