import { Correlator, RebuildService } from '#correlation';
import type { RawSignal } from '#domain';
import { TenantEntity, storeSignals } from '#persistence';
import {
  correlateAll,
  createTestDatabase,
  derivedState,
  graphHealthOverviewSignal,
  graphIssueSignal,
  startCorrelationTestModule,
  statusSitePostSignal,
  type TestDatabase,
  xPostSignal,
} from '#testing';
import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 10, minute));

describe(RebuildService.name, () => {
  let database: TestDatabase;
  let app: TestingModule;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startCorrelationTestModule(database.url);
    dataSource = app.get(DataSource);
    await dataSource.manager.insert(TenantEntity, { id: 'contoso', displayName: 'Contoso' });
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  async function poll(signals: RawSignal[], now: Date) {
    await dataSource.transaction((manager) => storeSignals(manager, signals, now));
    await correlateAll(app.get(Correlator), now);
  }

  it('derives from the raw signals exactly what live ingestion produced', async () => {
    const teams = { id: 'TM1199007', service: 'Microsoft Teams', title: 'Meeting join delays' };
    await poll(
      [graphHealthOverviewSignal('contoso', 'microsoftteams', 'Microsoft Teams', 'serviceOperational')],
      at(0),
    );
    await poll(
      [xPostSignal('1', "We're investigating delays joining Microsoft Teams meetings. TM1199007", at(1))],
      at(2),
    );
    await poll(
      [xPostSignal('2', "We're investigating an issue with accessing Outlook on the web.", at(3))],
      at(3),
    );
    await poll(
      [
        statusSitePostSignal(
          'Service degradation',
          'Title: Admin center<br>Current status: investigating MO1199001',
          at(3),
        ),
      ],
      at(4),
    );
    await poll(
      [xPostSignal('3', "We've reverted the change and service is restored. TM1199007", at(5))],
      at(6),
    );
    await poll(
      [
        graphIssueSignal('contoso', {
          ...teams,
          status: 'serviceRestored',
          isResolved: true,
          posts: [{ createdDateTime: '2026-11-20T10:01:30Z', content: 'Current status: investigating.' }],
        }),
        graphIssueSignal('contoso', {
          id: 'EX1190099',
          service: 'Exchange Online',
          startDateTime: '2026-11-20T10:02:00Z',
        }),
      ],
      at(8),
    );
    const live = await derivedState(dataSource);
    expect(live.incidents).toHaveLength(3);

    const progress: number[] = [];
    const result = await app.get(RebuildService).rebuild(({ done }) => progress.push(done));

    expect(result).toEqual({ done: 7, total: 7 });
    expect(progress.at(-1)).toBe(7);
    expect(await derivedState(dataSource)).toEqual(live);
  });
});
