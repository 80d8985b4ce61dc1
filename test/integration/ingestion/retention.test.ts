import { ConfigModule, loadConfig } from '#config';
import { HistoryRetentionRepository, PersistenceModule } from '#persistence';
import { createTestDatabase, type TestDatabase } from '#testing';
import { Test, type TestingModule } from '@nestjs/testing';
import pg from 'pg';
import { RETENTION_BATCH, RetentionJob } from '../../../apps/ingestor/src/retention.job.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

describe(RetentionJob.name, () => {
  let database: TestDatabase;
  let app: TestingModule;
  let sut: RetentionJob;
  let admin: pg.Client;
  const OLD_RUNS = 2 * RETENTION_BATCH + 3;

  beforeEach(async () => {
    database = await createTestDatabase();
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    const config = loadConfig({
      DATABASE_URL: database.url,
      POLL_RUNS_RETENTION_DAYS: '30',
      STATUS_HISTORY_RETENTION_DAYS: '400',
    });
    app = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), PersistenceModule.forRoot(database.url)],
      providers: [RetentionJob, HistoryRetentionRepository],
    }).compile();
    sut = app.get(RetentionJob);

    await admin.query(`
      INSERT INTO tenants (id, display_name) VALUES ('contoso', 'Contoso');
      INSERT INTO services (id, name) VALUES ('Exchange', 'Exchange Online'), ('Teams', 'Microsoft Teams');
      INSERT INTO sources (channel, state) VALUES ('X', 'HEALTHY');`);
    // Old runs, more than two batches of them, then the last 29 days.
    await admin.query(
      `INSERT INTO poll_runs (source_id, started_at)
       SELECT (SELECT id FROM sources), $1::timestamptz - n * interval '1 minute' FROM generate_series(1, $2) n`,
      [daysAgo(31), OLD_RUNS],
    );
    await admin.query(
      `INSERT INTO poll_runs (source_id, started_at)
       SELECT (SELECT id FROM sources), $1::timestamptz + n * interval '1 day' FROM generate_series(0, 28) n`,
      [daysAgo(29)],
    );
    const change = (service: string, level: string, days: number) =>
      admin.query(
        `INSERT INTO service_status_changes (tenant_id, service_id, level, status, channel, changed_at)
         VALUES ('contoso', $1, $2, $3, 'GRAPH', $4)`,
        [service, level, level.toLowerCase(), daysAgo(days)],
      );
    await change('Exchange', 'DEGRADED', 500);
    await change('Exchange', 'OPERATIONAL', 450);
    await change('Exchange', 'DEGRADED', 420);
    await change('Exchange', 'OPERATIONAL', 10);
    await change('Teams', 'OPERATIONAL', 600);
  });

  afterEach(async () => {
    await app.close();
    await admin.end();
    await database.drop();
  });

  const pollRunCount = async () =>
    Number((await admin.query(`SELECT count(*) AS n FROM poll_runs`)).rows[0].n);
  const history = async () =>
    (
      await admin.query<{ service_id: string; level: string; changed_at: Date }>(
        `SELECT service_id, level, changed_at FROM service_status_changes ORDER BY service_id, changed_at`,
      )
    ).rows.map((row) => [row.service_id, row.level, row.changed_at.toISOString()]);

  it('deletes poll runs past retention in batches, and keeps the history each kept period starts from', async () => {
    expect(await sut.prune(NOW)).toEqual({ pollRuns: OLD_RUNS, statusChanges: 2 });

    expect(await pollRunCount()).toBe(29);
    // Exchange's status 400 days ago was DEGRADED (since day 420): that row stays, as does Teams' only one.
    expect(await history()).toEqual([
      ['Exchange', 'DEGRADED', daysAgo(420)],
      ['Exchange', 'OPERATIONAL', daysAgo(10)],
      ['Teams', 'OPERATIONAL', daysAgo(600)],
    ]);
    expect(await sut.prune(NOW)).toEqual({ pollRuns: 0, statusChanges: 0 });
  });

  it('shares one run between calls that overlap', async () => {
    const [first, second] = await Promise.all([sut.prune(NOW), sut.prune(NOW)]);
    expect(first).toEqual({ pollRuns: OLD_RUNS, statusChanges: 2 });
    expect(second).toBe(first);
  });

  it('leaves the pruning to the ingestor that holds the lock', async () => {
    const other = new pg.Client({ connectionString: database.url });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1, $2)', [0x4243_4e35, 1]);
      expect(await sut.prune(NOW)).toEqual({ pollRuns: 0, statusChanges: 0 });
      expect(await pollRunCount()).toBe(OLD_RUNS + 29);
    } finally {
      await other.end();
    }
    expect(await sut.prune(NOW)).toEqual({ pollRuns: OLD_RUNS, statusChanges: 2 });
  });
});
