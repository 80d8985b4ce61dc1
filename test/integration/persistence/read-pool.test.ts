import { ConfigModule, loadConfig } from '#config';
import { PersistenceModule, SqlReader } from '#persistence';
import { createTestDatabase, type TestDatabase } from '#testing';
import { Test, type TestingModule } from '@nestjs/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { DatabaseModule } from '../../../apps/api/src/database/database.module.js';

const WRITERS = 3;

/** Resolves to 'pending' when `promise` has not settled once the event loop has had `ms` to run. */
const settledWithin = (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => 'settled' as const), sleep(ms).then(() => 'pending' as const)]);

describe("the API's reads, beside writers that hold every connection", () => {
  let database: TestDatabase;
  let app: TestingModule;
  let writers: DataSource;
  let reader: SqlReader;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = loadConfig({
      DATABASE_URL: database.url,
      DATABASE_WRITE_POOL_SIZE: String(WRITERS),
      DATABASE_READ_TIMEOUT_SECONDS: '2',
      DATABASE_READ_LOCK_TIMEOUT_SECONDS: '1',
    });
    app = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), PersistenceModule.forRoot(database.url), DatabaseModule],
    }).compile();
    await app.init();
    writers = app.get(DataSource);
    reader = app.get(SqlReader);
    await writers.query(`INSERT INTO tenants (id, display_name) VALUES ('contoso', 'Contoso')`);
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  /**
   * Opens WRITERS transactions that stay open until `release` is called: the first updates the tenant
   * (a row lock), one takes `lock` on `services` when given; together they hold every writer connection.
   */
  async function holdEveryWriter(lock?: string) {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding = 0;
    const transactions = Array.from({ length: WRITERS }, (_, index) =>
      writers.transaction(async (manager) => {
        if (index === 0) await manager.query(`UPDATE tenants SET display_name = 'Contoso (moving)'`);
        if (index === 1 && lock) await manager.query(`LOCK TABLE services IN ${lock} MODE`);
        holding++;
        await released;
      }),
    );
    while (holding < WRITERS) await sleep(10);
    return {
      release: async () => {
        release();
        await Promise.all(transactions);
      },
    };
  }

  it('runs reads and writes on pools of their own, each with its time-outs', async () => {
    const settings = (rows: Array<Record<string, string>>) => rows[0];
    const show = `SELECT current_setting('application_name') AS name,
                         current_setting('statement_timeout') AS statement,
                         current_setting('lock_timeout') AS lock,
                         current_setting('idle_in_transaction_session_timeout') AS idle`;
    expect(settings(await reader.rows(show))).toEqual({
      name: 'beacon-reads',
      statement: '2s',
      lock: '1s',
      idle: '2s',
    });
    expect(settings(await writers.query(show))).toEqual({
      name: 'beacon',
      statement: '5min',
      lock: '1min',
      idle: '5min',
    });
  });

  it('keeps answering reads while long write transactions hold every writer connection and a row lock', async () => {
    const held = await holdEveryWriter();
    try {
      // The writers' pool is exhausted: one more write waits for a connection.
      const write = writers.query('SELECT 1');
      expect(await settledWithin(write, 300)).toBe('pending');

      for (let round = 0; round < 5; round++) {
        expect(await reader.rows(`SELECT id, display_name AS "displayName" FROM tenants`)).toEqual([
          { id: 'contoso', displayName: 'Contoso' },
        ]);
      }
      await held.release();
      await write;
    } finally {
      await held.release();
    }
  });

  it('gives up on a read behind an exclusive lock after its lock time-out, and carries on after', async () => {
    const held = await holdEveryWriter('ACCESS EXCLUSIVE');
    try {
      await expect(reader.rows('SELECT count(*) FROM services')).rejects.toMatchObject({
        code: '55P03', // lock_not_available
      });
      expect(await reader.rows(`SELECT count(*)::int AS n FROM tenants`)).toEqual([{ n: 1 }]);
    } finally {
      await held.release();
    }
    expect(await reader.rows('SELECT count(*)::int AS n FROM services')).toEqual([{ n: 0 }]);
  });

  it('cancels a read that runs past its statement time-out', async () => {
    await expect(reader.rows('SELECT pg_sleep(5)')).rejects.toMatchObject({
      code: '57014', // query_canceled
    });
    expect(await reader.rows('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });
});
