export { createDataSource, dataSourceOptions, DEFAULT_WRITE_POOL } from './database/data-source.js';
export {
  runningEmbeddedDatabaseUrl,
  startEmbeddedDatabase,
  type EmbeddedDatabase,
} from './database/embedded-database.js';
export { migrateDatabase } from './database/migrate.js';
export * from './entities/index.js';
export { DATABASE_URL, PersistenceModule } from './persistence.module.js';
export * from './repositories/index.js';
