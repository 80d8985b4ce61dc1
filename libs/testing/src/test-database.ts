import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A database of its own for one test file, cloned from the migrated template in milliseconds. */
export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.BEACON_TEST_ADMIN_URL;
  const template = process.env.BEACON_TEST_TEMPLATE;
  if (!adminUrl || !template) {
    throw new Error('no test database server: run this suite through the integration or e2e Jest project');
  }
  const name = `beacon_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return {
    name,
    url: adminUrl.replace(/\/postgres$/, `/${name}`),
    drop: async () => {
      await withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** An empty database (no migrations), for tests of the migrations themselves. */
export async function createEmptyTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.BEACON_TEST_ADMIN_URL;
  if (!adminUrl)
    throw new Error('no test database server: run this suite through an integration Jest project');
  const name = `beacon_empty_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  return {
    name,
    url: adminUrl.replace(/\/postgres$/, `/${name}`),
    drop: async () => {
      await withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function withAdmin<T>(url: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
