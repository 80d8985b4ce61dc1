import { loadConfig } from '#config';
import { startBeacon, type RunningBeacon } from '#runtime';
import { createTestDatabase, type TestDatabase } from '#testing';
import { pino } from 'pino';
import { ApiModule } from '../../../apps/api/src/api.module.js';

describe('health endpoints', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = loadConfig({ DATABASE_URL: database.url, PORT: '1', STATUS_SITE_URL: '' });
    config.http.port = 0;
    beacon = await startBeacon({ config, logger: pino({ level: 'silent' }), features: [ApiModule] });
  });

  afterAll(async () => {
    await beacon.close();
    await database.drop();
  });

  it('says the process is alive', async () => {
    const response = await fetch(`${beacon.url}/health/live`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('says it is ready while the database answers', async () => {
    const response = await fetch(`${beacon.url}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('says it is not ready when the database is gone', async () => {
    await database.drop();
    const response = await fetch(`${beacon.url}/health/ready`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });
  });
});
