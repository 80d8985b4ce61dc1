// Starts one embedded PostgreSQL for the whole run and migrates a template database; each test file then
// clones its own database from the template (libs/testing, createTestDatabase). Plain JavaScript over the
// build output, because Jest loads the global set-up outside its module mapping.
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { migrateDatabase, startEmbeddedDatabase } from '#persistence';
import createRunFolder from './run-folder.js';

export const TEMPLATE_DATABASE = 'beacon_template';

export default async function globalSetup() {
  const dataDir = join(createRunFolder(), 'postgres');
  mkdirSync(dataDir);
  chmodSync(dataDir, 0o755);
  const database = await startEmbeddedDatabase({ dataDir });
  const adminUrl = database.url.replace(/\/beacon$/, '/postgres');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  await migrateDatabase(adminUrl.replace(/\/postgres$/, `/${TEMPLATE_DATABASE}`));

  process.env.BEACON_TEST_ADMIN_URL = adminUrl;
  process.env.BEACON_TEST_TEMPLATE = TEMPLATE_DATABASE;
  globalThis.beaconTestDatabase = database;
}
