import { LOG_START, payloadsOf, SignalLogRepository, storeSignals } from '#persistence';
import { createTestDatabase, graphIssueSignal, type TestDatabase, xPostSignal } from '#testing';
import { DataSource } from 'typeorm';

/** The correlator's log read: signals in log order with their payloads, each read from the database once. */
describe(SignalLogRepository.name, () => {
  const log = new SignalLogRepository();
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    await dataSource.query(`INSERT INTO tenants (id, display_name) VALUES ('t1', 'One'), ('t2', 'Two')`);
    const observedAt = new Date('2026-11-20T10:00:00Z');
    await dataSource.transaction((manager) =>
      storeSignals(
        manager,
        [
          graphIssueSignal('t1', { id: 'EX1300001' }),
          graphIssueSignal('t2', { id: 'EX1300001' }),
          xPostSignal('1', 'Investigating Teams. TM1300002'),
        ],
        observedAt,
      ),
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const readAll = (known?: ReturnType<typeof payloadsOf>) =>
    dataSource.transaction(async (manager) =>
      log.read(manager, LOG_START, new Date('2027-01-01T00:00:00Z'), 100, known),
    );

  it('gives the signals that share a payload one object, read once', async () => {
    const signals = await readAll();

    expect(signals.map((s) => [s.tenantId, s.externalId])).toEqual([
      ['t1', 'EX1300001'],
      ['t2', 'EX1300001'],
      [null, '1'],
    ]);
    expect(signals[0]!.payload).toMatchObject({ id: 'EX1300001', service: 'Exchange Online' });
    expect(signals[1]!.payload).toBe(signals[0]!.payload);
    expect(signals[2]!.payload).toMatchObject({ id: '1', text: 'Investigating Teams. TM1300002' });
  });

  it('does not read again a payload the caller holds (the last batch’s), and reads the others', async () => {
    const first = await readAll();
    const issue = first[0]!;

    const again = await readAll(payloadsOf([issue]));

    expect(again[0]!.payload).toBe(issue.payload);
    expect(again[1]!.payload).toBe(issue.payload);
    expect(again[2]!.payload).not.toBe(first[2]!.payload);
    expect(again[2]!.payload).toEqual(first[2]!.payload);
  });
});
