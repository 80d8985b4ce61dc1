import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '#migrations';
import { ENTITIES } from '../entities/index.js';

/** TypeORM options for Beacon's schema: migrations only, never `synchronize`. */
export function dataSourceOptions(url: string): DataSourceOptions {
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
    extra: { application_name: 'beacon', max: 10 },
  };
}

export function createDataSource(url: string): DataSource {
  return new DataSource(dataSourceOptions(url));
}
