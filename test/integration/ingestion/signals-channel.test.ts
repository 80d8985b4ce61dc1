import { PersistenceModule, SIGNALS_CHANNEL, storeSignals } from '#persistence';
import { ChannelListener } from '#runtime';
import { createTestDatabase, xPostSignal, type TestDatabase } from '#testing';
import { Test, type TestingModule } from '@nestjs/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';

/**
 * New signals are announced on SIGNALS_CHANNEL when their poll commits, so that the correlator job (through
 * a ChannelListener) folds them at once; a poll that stored nothing new announces nothing.
 */
describe('the signals channel', () => {
  let database: TestDatabase;
  let app: TestingModule;
  let dataSource: DataSource;
  let listener: ChannelListener;
  let wakes = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await Test.createTestingModule({ imports: [PersistenceModule.forRoot(database.url)] }).compile();
    await app.init();
    dataSource = app.get(DataSource);
    listener = new ChannelListener(database.url, SIGNALS_CHANNEL, () => wakes++);
    await listener.start();
  });

  afterAll(async () => {
    await listener?.stop();
    await app?.close();
    await database?.drop();
  });

  async function wokenTimes(count: number): Promise<void> {
    for (const deadline = Date.now() + 10_000; wakes < count; await sleep(10)) {
      if (Date.now() > deadline) throw new Error(`woken ${wakes} times, not ${count}`);
    }
  }

  it('wakes the listener once a poll with new signals commits, and not for one that stored nothing new', async () => {
    const poll = [
      xPostSignal('1', 'Investigating Teams. TM1', new Date()),
      xPostSignal('2', 'TM2', new Date()),
    ];
    await dataSource.transaction(async (manager) => {
      await storeSignals(manager, poll);
      await sleep(100);
      // Not before the commit: the correlator could not see the signals yet.
      expect(wakes).toBe(0);
    });
    await wokenTimes(1);

    await dataSource.transaction((manager) => storeSignals(manager, poll));
    // A notice of our own after it, on the same channel: notices arrive in commit order.
    await dataSource.query(`SELECT pg_notify($1, 'sentinel')`, [SIGNALS_CHANNEL]);
    await wokenTimes(2);
    await sleep(100);
    expect(wakes).toBe(2);
  });
});
