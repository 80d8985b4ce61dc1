import type { RunningBeacon } from '#runtime';
import { createTestDatabase, type TestDatabase } from '#testing';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { graphql, query, startApi, testConfig } from '../api/support/api-client.js';
import { CONTOSO } from '../api/support/scenario.js';
import { tenantsFile } from '../api/support/tenants-file.js';

/** The built `npm run keys` (run `npm run build` first), on a test database. */
const KEYS = join(process.cwd(), 'dist/apps/keys/src/main.js');
const SOURCES = '{ sources { channel } }';

describe('npm run keys', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;
  let env: NodeJS.ProcessEnv;

  const keys = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [KEYS, ...args], { env });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    env = {
      PATH: process.env.PATH,
      DATABASE_URL: database.url,
      TENANTS_FILE: tenantsFile(CONTOSO),
      STATUS_SITE_URL: '',
      LOG_LEVEL: 'error',
    };
    beacon = await startApi(testConfig(database.url, { TENANTS_FILE: env.TENANTS_FILE! }));
  });

  afterAll(async () => {
    await beacon?.close();
    await database.drop();
  });

  it('creates a key printed once, which the running Beacon then asks for and accepts', async () => {
    expect(await graphql(beacon.url, SOURCES)).toMatchObject({ status: 200 });

    const created = await keys('create', '--name', 'ops', '--role', 'admin', '--tenant', CONTOSO);
    expect(created.code).toBe(0);
    const key = /^(bk_[\w-]{43})$/m.exec(created.stdout)?.[1] as string;
    expect(key).toBeDefined();
    expect(created.stdout).toContain(CONTOSO);
    expect(created.stderr).toContain('only time the key is shown');

    // Within the few seconds a Beacon trusts its "no key exists yet".
    for (let tries = 0; (await graphql(beacon.url, SOURCES)).status !== 401; tries++) {
      if (tries > 40) throw new Error('Beacon never started asking for a key');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(await graphql(beacon.url, SOURCES, {}, { 'x-api-key': key })).toMatchObject({ status: 200 });

    const listed = await keys('list');
    expect(listed.stdout).toContain(key.slice(0, 11));
    expect(listed.stdout).not.toContain(key);
  });

  it('rotates and revokes, each recorded as the CLI user in the audit log', async () => {
    const created = await keys('create', '--name', 'temp', '--role', 'viewer');
    const id = created.stdout.split(/\s+/)[0] as string;
    const rotated = await keys('rotate', id);
    expect(rotated.code).toBe(0);
    const newId = rotated.stdout.split(/\s+/)[0] as string;
    const revoked = await keys('revoke', newId);
    expect(revoked.stdout).toContain('revoked');
    expect((await keys('list')).stdout).not.toContain(newId);
    expect((await keys('list', '--all')).stdout).toContain(newId);

    const admin = /^(bk_[\w-]{43})$/m.exec(
      (await keys('create', '--name', 'reader', '--role', 'admin')).stdout,
    )?.[1];
    const { auditLog } = await query(
      beacon.url,
      '{ auditLog(first: 4) { actor action target } }',
      {},
      {
        'x-api-key': admin as string,
      },
    );
    expect(auditLog.map((entry: { action: string }) => entry.action)).toEqual([
      'key.create',
      'key.revoke',
      'key.rotate',
      'key.create',
    ]);
    expect(auditLog.every((entry: { actor: string }) => entry.actor.startsWith('cli:'))).toBe(true);
  });

  it.each([
    [['create', '--name', 'x'], /--role/],
    [['create', '--role', 'owner', '--name', 'x'], /--role viewer\|analyst\|admin/],
    [['revoke'], /exactly one key id/],
    [['delete', 'x'], /unknown command "delete"/],
  ])('refuses %j with usage, exit code 64, before touching the database', async (args, message) => {
    const result = await keys(...args);
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('usage: npm run keys');
  });

  it('refuses a tenant that is not configured, and changes nothing', async () => {
    const before = (await keys('list', '--all')).stdout;
    const result = await keys('create', '--name', 'x', '--role', 'viewer', '--tenant', 'nobody');
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain('not a configured tenant: nobody');
    expect((await keys('list', '--all')).stdout).toBe(before);
  });
});
