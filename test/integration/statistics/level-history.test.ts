import { Correlator, RebuildService } from '#correlation';
import { type RawSignal, readXPost } from '#domain';
import { TenantEntity, storeSignals } from '#persistence';
import {
  correlateAll,
  createTestDatabase,
  graphIssueSignal,
  startCorrelationTestModule,
  type TestDatabase,
  xPostSignal,
} from '#testing';
import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 10, minute));
const X_TEXT = "We're investigating delays joining Microsoft Teams meetings. TM1199007";

/**
 * The correlator records each incident's level timeline as it folds the log (Graph's versions, fallback
 * posts citing the id), the kept facts follow at each commit, and a rebuild gives the same timeline and
 * facts.
 */
describe('level history through the correlator', () => {
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

  const version = (status: string, modified: number, resolved = false) =>
    graphIssueSignal('contoso', {
      id: 'TM1199007',
      service: 'Microsoft Teams',
      status,
      isResolved: resolved,
      startDateTime: at(0).toISOString(),
      endDateTime: resolved ? at(40).toISOString() : null,
      lastModifiedDateTime: at(modified).toISOString(),
    });

  const timeline = () =>
    dataSource.query(
      `SELECT reference, channel, changed_at, level, status FROM incident_level_changes ORDER BY changed_at, channel`,
    );
  const facts = () =>
    dataSource.query(
      `SELECT i.reference, f.first_channel, f.graph_lag_seconds, f.fallback_only_seconds, f.never_on_graph,
         f.operational_seconds, f.investigating_seconds, f.degraded_seconds, f.interrupted_seconds,
         f.unknown_seconds, f.level_now, f.level_since, f.review_published_at
       FROM incident_facts f JOIN incidents i ON i.id = f.incident_id ORDER BY i.reference`,
    );

  it('records every version and cited post, keeps the facts, and a rebuild gives the same', async () => {
    await poll([xPostSignal('1', X_TEXT, at(1))], at(2));
    await poll([version('investigating', 5)], at(6));
    // The same version again (another poll): the same row.
    await poll([version('investigating', 5), version('serviceDegradation', 20)], at(21));
    await poll([version('serviceRestored', 45, true)], at(46));
    await poll([version('postIncidentReviewPublished', 60, true)], at(61));

    expect(await timeline()).toEqual([
      {
        reference: 'TM1199007',
        channel: 'X',
        changed_at: at(1),
        level: readXPost(X_TEXT).level,
        status: readXPost(X_TEXT).status,
      },
      {
        reference: 'TM1199007',
        channel: 'GRAPH',
        changed_at: at(5),
        level: 'INVESTIGATING',
        status: 'investigating',
      },
      {
        reference: 'TM1199007',
        channel: 'GRAPH',
        changed_at: at(20),
        level: 'DEGRADED',
        status: 'serviceDegradation',
      },
      {
        reference: 'TM1199007',
        channel: 'GRAPH',
        changed_at: at(45),
        level: 'OPERATIONAL',
        status: 'serviceRestored',
      },
      {
        reference: 'TM1199007',
        channel: 'GRAPH',
        changed_at: at(60),
        level: 'OPERATIONAL',
        status: 'postIncidentReviewPublished',
      },
    ]);
    // Life 10:00–10:40 on Graph's timeline (X's word doesn't count once Graph has one): UNKNOWN until
    // 10:05, INVESTIGATING until 10:20, DEGRADED until the end; restored after it. Review at 10:60.
    const kept = await facts();
    expect(kept).toEqual([
      expect.objectContaining({
        reference: 'TM1199007',
        first_channel: 'X',
        unknown_seconds: 300,
        investigating_seconds: 900,
        degraded_seconds: 1200,
        operational_seconds: 0,
        interrupted_seconds: 0,
        level_now: null,
        review_published_at: at(60),
      }),
    ]);

    await app.get(RebuildService).rebuild();
    expect(await timeline()).toHaveLength(5);
    expect(await facts()).toEqual(kept);
  });
});
