import { Correlator } from '#correlation';
import { appendSignals, prepareSignals, storeSignals } from '#persistence';
import {
  correlateAll,
  createTestDatabase,
  startCorrelationTestModule,
  type TestDatabase,
  xPostSignal,
} from '#testing';
import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';

/**
 * The log's horizon: a signal appended by a transaction that is still open when the correlator steps is
 * never passed over, however late that transaction commits and whatever others commit first; only such
 * transactions hold the log back; and a signal is only appended in a transaction, which is what makes
 * that so.
 */
describe("the signal log's horizon", () => {
  let database: TestDatabase;
  let app: TestingModule;
  let dataSource: DataSource;
  const now = new Date();

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startCorrelationTestModule(database.url);
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const incidentIds = async () =>
    (await dataSource.query(`SELECT reference FROM incidents ORDER BY reference`)).map(
      (row: { reference: string }) => row.reference,
    );

  it('folds a signal whose transaction commits after a later one was stored and the correlator stepped', async () => {
    const correlator = app.get(Correlator);
    const slow = dataSource.createQueryRunner();
    await slow.startTransaction();
    try {
      // Appended first, committed last.
      await storeSignals(slow.manager, [xPostSignal('1', 'Investigating Teams. TM1000001')]);
      await dataSource.transaction((manager) =>
        storeSignals(manager, [xPostSignal('2', 'Investigating Exchange Online. EX2000002')]),
      );
      const whileOpen = await correlator.step(now);
      expect(whileOpen).toMatchObject({ applied: 0, pending: true });
      expect(await incidentIds()).toEqual([]);
      await slow.commitTransaction();
    } finally {
      await slow.release();
    }
    await correlateAll(correlator, now);
    expect(await incidentIds()).toEqual(['EX2000002', 'TM1000001']);
  });

  it('is not held back by a transaction that appends no signal (a notification batch, a dump, psql)', async () => {
    const correlator = app.get(Correlator);
    const reader = dataSource.createQueryRunner();
    await reader.startTransaction();
    try {
      await reader.query('SELECT count(*) FROM incidents');
      await dataSource.transaction((manager) =>
        storeSignals(manager, [xPostSignal('4', 'Investigating SharePoint Online. SP4000004')]),
      );
      expect(await correlator.step(now)).toMatchObject({ applied: 1, pending: false });
      expect(await incidentIds()).toContain('SP4000004');
    } finally {
      await reader.rollbackTransaction();
      await reader.release();
    }
  });

  it('refuses to append outside a transaction, and stores no signal', async () => {
    const prepared = await prepareSignals(dataSource.manager, [xPostSignal('3', 'Investigating. SP3000003')]);
    await expect(appendSignals(dataSource.manager, prepared)).rejects.toThrow(/poll’s transaction/);
    expect(await dataSource.query(`SELECT 1 FROM raw_signals WHERE external_id = '3'`)).toEqual([]);
  });
});
