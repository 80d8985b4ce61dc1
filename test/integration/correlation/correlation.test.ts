import { Correlator } from '#correlation';
import type { RawSignal } from '#domain';
import {
  IncidentEntity,
  IncidentReferenceEntity,
  IncidentSightingEntity,
  IncidentTenantEntity,
  IncidentUpdateEntity,
  ServiceStatusChangeEntity,
  ServiceStatusEntity,
  SourceEntity,
  TenantEntity,
  storeSignals,
} from '#persistence';
import {
  correlateAll,
  createTestDatabase,
  graphHealthOverviewSignal,
  graphIssueSignal,
  startCorrelationTestModule,
  statusSiteFeedItemSignal,
  statusSitePostSignal,
  type TestDatabase,
  xPostSignal,
} from '#testing';
import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 10, minute));

describe('correlation', () => {
  let database: TestDatabase;
  let app: TestingModule;
  let dataSource: DataSource;
  let sut: Correlator;

  beforeEach(async () => {
    database = await createTestDatabase();
    app = await startCorrelationTestModule(database.url, { GRAPH_POLL_SECONDS: '60' });
    dataSource = app.get(DataSource);
    sut = app.get(Correlator);
    await dataSource.manager.insert(TenantEntity, [
      { id: 'contoso', displayName: 'Contoso' },
      { id: 'fabrikam', displayName: 'Fabrikam' },
    ]);
  });

  afterEach(async () => {
    await app.close();
    await database.drop();
  });

  /**
   * Stores signals as one poll would, observed at `now`, then folds the log and recomputes every status as
   * of `now`, as the correlator does.
   */
  async function ingest(signals: RawSignal[], now: Date) {
    await dataSource.transaction((manager) => storeSignals(manager, signals, now));
    return correlateAll(sut, now, true);
  }

  async function incident(reference: string) {
    const row = await dataSource.manager
      .createQueryBuilder(IncidentEntity, 'i')
      .innerJoin(IncidentReferenceEntity, 'r', 'r.incident_id = i.id')
      .where('r.reference = :reference', { reference })
      .getOne();
    if (!row) return null;
    const references = await dataSource.manager.findBy(IncidentReferenceEntity, { incidentId: row.id });
    const updates = await dataSource.manager.find(IncidentUpdateEntity, {
      where: { incidentId: row.id },
      order: { postedAt: 'ASC', externalId: 'ASC' },
    });
    const sightings = await dataSource.manager.findBy(IncidentSightingEntity, { incidentId: row.id });
    const tenants = await dataSource.manager.findBy(IncidentTenantEntity, { incidentId: row.id });
    return {
      ...row,
      aliases: references
        .map((r) => r.reference)
        .filter((r) => r !== row.reference)
        .sort(),
      updates: updates.map((u) => [u.channel, u.text]),
      sightings: Object.fromEntries(sightings.map((s) => [s.channel, [s.firstSeenAt, s.lastSeenAt]])),
      tenantIds: tenants.map((t) => t.tenantId).sort(),
    };
  }

  const incidentCount = () => dataSource.manager.count(IncidentEntity);

  const exchangeIssue = {
    id: 'EX1190034',
    title: 'Some users may see delays receiving email from external senders',
    service: 'Exchange Online',
    status: 'serviceDegradation',
    posts: [
      {
        createdDateTime: '2026-11-20T07:58:31.2Z',
        content:
          'Title: Delays<br><br>User impact: Users may see delays.<br><br>Current status: We are investigating.',
      },
    ],
  };

  it('turns a Graph issue into an incident with its posts, tenant and sighting', async () => {
    await ingest([graphIssueSignal('contoso', exchangeIssue)], at(5));

    expect(await incident('EX1190034')).toMatchObject({
      title: 'Some users may see delays receiving email from external senders',
      serviceId: 'Exchange',
      serviceName: 'Exchange Online',
      classification: 'INCIDENT',
      status: 'serviceDegradation',
      level: 'DEGRADED',
      isResolved: false,
      endedAt: null,
      provisional: false,
      tenantIds: ['contoso'],
      updates: [['GRAPH', expect.stringContaining('User impact: Users may see delays.')]],
      sightings: { GRAPH: [at(5), at(5)] },
      aliases: [],
    });
  });

  it('keeps one incident and each post once when another tenant or the next poll returns it', async () => {
    await ingest([graphIssueSignal('contoso', exchangeIssue)], at(5));
    await ingest([graphIssueSignal('fabrikam', exchangeIssue)], at(6));
    const updated = {
      ...exchangeIssue,
      status: 'serviceRestored',
      isResolved: true,
      endDateTime: '2026-11-20T11:00:00Z',
    };
    await ingest(
      [
        graphIssueSignal('contoso', {
          ...updated,
          posts: [
            ...exchangeIssue.posts,
            { createdDateTime: '2026-11-20T11:01:00Z', content: 'Final status: Fixed.' },
          ],
        }),
      ],
      at(20),
    );

    expect(await incidentCount()).toBe(1);
    expect(await incident('EX1190034')).toMatchObject({
      tenantIds: ['contoso', 'fabrikam'],
      status: 'serviceRestored',
      level: 'OPERATIONAL',
      isResolved: true,
      endedAt: new Date('2026-11-20T11:00:00Z'),
      updates: [
        ['GRAPH', expect.stringContaining('We are investigating')],
        ['GRAPH', 'Final status: Fixed.'],
      ],
      sightings: { GRAPH: [at(5), at(20)] },
    });
  });

  it('keeps two posts of the same time, and a post without a time, each once across polls', async () => {
    const issue = {
      id: 'EX1190050',
      posts: [
        { createdDateTime: '2026-11-20T10:01:00Z', content: 'First.' },
        { createdDateTime: '2026-11-20T10:01:00Z', content: 'Second, same time.' },
      ],
    };
    const signal = graphIssueSignal('contoso', issue);
    const withoutTime = graphIssueSignal('contoso', {
      ...issue,
      lastModifiedDateTime: '2026-11-20T10:40:00Z',
    });
    (withoutTime.payload.posts as Array<Record<string, unknown>>).push({
      postType: 'quick',
      description: { content: 'Third.' },
    });
    const later = graphIssueSignal('contoso', { ...issue, lastModifiedDateTime: '2026-11-20T10:50:00Z' });
    (later.payload.posts as Array<Record<string, unknown>>).push({
      postType: 'quick',
      description: { content: 'Third.' },
    });

    await ingest([signal], at(5));
    await ingest([withoutTime], at(6));
    await ingest([later], at(7));

    expect((await incident('EX1190050'))?.updates.map(([, text]) => text)).toEqual([
      'First.',
      'Second, same time.',
      'Third.',
    ]);
  });

  it('starts a provisional incident from an X post with an id, and folds it into Graph’s record', async () => {
    await ingest(
      [
        xPostSignal(
          '1',
          "We're investigating delays joining Microsoft Teams meetings. More info under TM1199007.",
          at(1),
        ),
        xPostSignal(
          '2',
          "We've identified a configuration change causing delays; reverting it. TM1199007",
          at(3),
        ),
        xPostSignal('3', '@contoso_it Thanks, we are looking at TM1199007.', at(4), {
          in_reply_to_user_id: '42',
        }),
      ],
      at(4),
    );

    expect(await incident('TM1199007')).toMatchObject({
      provisional: true,
      serviceId: 'microsoftteams',
      level: 'DEGRADED',
      isResolved: false,
      tenantIds: [],
      updates: [
        ['X', expect.stringContaining("We're investigating")],
        ['X', expect.stringContaining("We've identified")],
      ],
      sightings: { X: [at(4), at(4)] },
    });

    await ingest(
      [
        graphIssueSignal('contoso', {
          id: 'TM1199007',
          title: 'Users may be unable to join Teams meetings',
          service: 'Microsoft Teams',
          status: 'serviceRestored',
          isResolved: true,
          posts: [
            { createdDateTime: '2026-11-20T10:02:00Z', content: 'Current status: We are investigating.' },
          ],
        }),
      ],
      at(9),
    );

    expect(await incidentCount()).toBe(1);
    const merged = await incident('TM1199007');
    expect(merged).toMatchObject({
      provisional: false,
      title: 'Users may be unable to join Teams meetings',
      status: 'serviceRestored',
      isResolved: true,
      tenantIds: ['contoso'],
      firstSeenAt: at(4),
    });
    expect(merged!.updates.map(([channel]) => channel)).toEqual(['X', 'GRAPH', 'X']);
    expect(merged!.sightings.X![0]!.getTime()).toBeLessThan(merged!.sightings.GRAPH![0]!.getTime());
  });

  it('makes a post that cites two ids an update of both', async () => {
    await ingest(
      [
        xPostSignal(
          '1',
          'Impact for Teams is tracked under MO571683; Exchange updates continue under EX571516.',
          at(1),
        ),
      ],
      at(1),
    );
    expect((await incident('MO571683'))?.updates).toHaveLength(1);
    expect((await incident('EX571516'))?.updates).toHaveLength(1);
    expect(await incidentCount()).toBe(2);
  });

  it('gives an opener without an id a provisional id of Beacon’s own, kept as an alias once Graph names it', async () => {
    await ingest(
      [xPostSignal('1', "We're investigating an issue with accessing Outlook on the web.", at(1))],
      at(1),
    );
    const [provisional] = await dataSource.manager.find(IncidentEntity);
    expect(provisional).toMatchObject({
      provisional: true,
      serviceId: 'Exchange',
      reference: expect.stringMatching(/^BCN-/),
    });

    await ingest(
      [xPostSignal('2', 'Users may still see delays in Outlook on the web while we deploy a fix.', at(2))],
      at(2),
    );
    expect((await incident(provisional!.reference))?.updates).toHaveLength(2);

    await ingest(
      [graphIssueSignal('contoso', { id: 'EX1190099', startDateTime: '2026-11-20T09:55:00Z' })],
      at(6),
    );

    expect(await incidentCount()).toBe(1);
    expect(await incident('EX1190099')).toMatchObject({
      provisional: false,
      aliases: [provisional!.reference],
      updates: [
        ['X', expect.any(String)],
        ['X', expect.any(String)],
      ],
    });
    expect((await incident(provisional!.reference))?.reference).toBe('EX1190099');
  });

  it('keeps a post that neither cites an id, nor joins an open incident, nor opens one, as a signal only', async () => {
    await ingest([xPostSignal('1', 'Thanks for your patience today.', at(1))], at(1));
    expect(await incidentCount()).toBe(0);
  });

  it('shows a status-site message once, whether it came through the feed or the JSON post', async () => {
    const message =
      '<div>Title: Users may be unable to access the Microsoft 365 admin center<br>Current status: We are investigating. More information is available under MO1199001.</div>';
    await ingest(
      [
        statusSiteFeedItemSignal('mac', 'Service degradation', message, at(2)),
        statusSitePostSignal(
          'ServiceDegradation',
          message,
          at(2),
          'Users may be unable to access the Microsoft 365 admin center',
        ),
      ],
      at(2),
    );
    expect(await incident('MO1199001')).toMatchObject({
      provisional: true,
      serviceId: 'OSDPPlatform',
      title: 'Users may be unable to access the Microsoft 365 admin center',
      level: 'DEGRADED',
      updates: [['STATUS_SITE', expect.stringContaining('We are investigating')]],
    });
  });

  describe('service status', () => {
    async function graphSucceeded(tenantId: string, at: Date) {
      await dataSource.manager.upsert(
        SourceEntity,
        { channel: 'GRAPH', tenantId, state: 'HEALTHY', lastSuccessAt: at, lastAttemptAt: at },
        { conflictPaths: ['channel', 'tenantId'], indexPredicate: 'tenant_id IS NOT NULL' },
      );
    }
    const statusOf = (tenantId: string, serviceId: string) =>
      dataSource.manager.findOneByOrFail(ServiceStatusEntity, { tenantId, serviceId });

    it('follows Graph while fresh, then the newer fallback evidence while Graph is stale, with history', async () => {
      await graphSucceeded('contoso', at(0));
      await ingest(
        [graphHealthOverviewSignal('contoso', 'microsoftteams', 'Microsoft Teams', 'serviceOperational')],
        at(0),
      );
      expect(await statusOf('contoso', 'microsoftteams')).toMatchObject({
        channel: 'GRAPH',
        level: 'OPERATIONAL',
        stale: false,
      });

      // Graph fails from here on; three minutes later (GRAPH_STALE_SECONDS = 180) X speaks of Teams.
      await ingest(
        [xPostSignal('1', "We're investigating an outage of Microsoft Teams chat. TM1199008", at(4))],
        at(4),
      );
      expect(await statusOf('contoso', 'microsoftteams')).toMatchObject({
        channel: 'X',
        level: 'INTERRUPTED',
        status: 'serviceInterruption',
        stale: true,
        observedAt: at(4),
      });

      // Graph comes back: its word again.
      await graphSucceeded('contoso', at(8));
      await ingest([], at(8));
      expect(await statusOf('contoso', 'microsoftteams')).toMatchObject({
        channel: 'GRAPH',
        stale: false,
        observedAt: at(8),
      });

      const history = await dataSource.manager.find(ServiceStatusChangeEntity, {
        where: { tenantId: 'contoso', serviceId: 'microsoftteams' },
        order: { changedAt: 'ASC' },
      });
      expect(history.map((h) => [h.channel, h.level, h.changedAt])).toEqual([
        ['GRAPH', 'OPERATIONAL', at(0)],
        ['X', 'INTERRUPTED', at(4)],
        ['GRAPH', 'OPERATIONAL', at(8)],
      ]);
    });

    it('goes stale with time alone', async () => {
      await graphSucceeded('contoso', at(0));
      await ingest(
        [graphHealthOverviewSignal('contoso', 'Exchange', 'Exchange Online', 'serviceDegradation')],
        at(0),
      );
      const result = await correlateAll(sut, at(10), true);
      expect(result.serviceStatusChanges).toEqual([{ tenantId: 'contoso', serviceId: 'Exchange' }]);
      expect(await statusOf('contoso', 'Exchange')).toMatchObject({
        channel: 'GRAPH',
        level: 'DEGRADED',
        stale: true,
      });
    });
    it('accounts for time tenant by tenant: what a full recompute then finds changes nothing', async () => {
      await graphSucceeded('contoso', at(0));
      await graphSucceeded('fabrikam', at(0));
      await ingest(
        [
          graphHealthOverviewSignal('contoso', 'Exchange', 'Exchange Online', 'serviceDegradation'),
          graphHealthOverviewSignal('fabrikam', 'Exchange', 'Exchange Online', 'serviceOperational'),
          xPostSignal('1', "We're investigating an outage of Microsoft Teams chat. TM1199008", at(0)),
        ],
        at(0),
      );
      // Fabrikam's Graph answers again (no new signal); Contoso's goes stale at 10:03; Tailspin joins
      // without a Graph answer yet.
      await graphSucceeded('fabrikam', at(2));
      await dataSource.manager.insert(TenantEntity, { id: 'tailspin', displayName: 'Tailspin' });
      const result = await correlateAll(sut, at(4), true);
      expect(result.serviceStatusChanges).toEqual(
        expect.arrayContaining([
          { tenantId: 'contoso', serviceId: 'Exchange' },
          { tenantId: 'tailspin', serviceId: 'microsoftteams' },
        ]),
      );
      expect(await statusOf('contoso', 'Exchange')).toMatchObject({ stale: true });
      expect(await statusOf('fabrikam', 'Exchange')).toMatchObject({ stale: false, observedAt: at(2) });
      expect(await statusOf('tailspin', 'microsoftteams')).toMatchObject({ channel: 'X', stale: true });

      // Every tenant recomputed, as on a new database: nothing left to change.
      await dataSource.query('UPDATE correlation_cursor SET freshness_checked_at = NULL');
      expect((await correlateAll(sut, at(4), true)).serviceStatusChanges).toEqual([]);
    });

    it("accounts for a tenant's Graph answer that commits after a later answer of another tenant", async () => {
      await graphSucceeded('contoso', at(0));
      await graphSucceeded('fabrikam', at(0));
      await ingest(
        [
          graphHealthOverviewSignal('contoso', 'Exchange', 'Exchange Online', 'serviceDegradation'),
          graphHealthOverviewSignal('fabrikam', 'Exchange', 'Exchange Online', 'serviceOperational'),
        ],
        at(0),
      );
      await correlateAll(sut, at(5), true);
      expect(await statusOf('contoso', 'Exchange')).toMatchObject({ stale: true });
      await graphSucceeded('fabrikam', at(6));
      await correlateAll(sut, at(6));
      // Answered at 10:05, stored after Fabrikam's 10:06 answer was accounted for.
      await graphSucceeded('contoso', at(5));
      await correlateAll(sut, at(6));
      expect(await statusOf('contoso', 'Exchange')).toMatchObject({ stale: false, observedAt: at(5) });
    });
  });

  it('keeps a signal it cannot read as raw evidence, and correlates the rest of the poll', async () => {
    const unreadable = { ...xPostSignal('1', 'x', at(1)), payload: { id: '1', text: 42 } };
    await ingest(
      [unreadable, xPostSignal('2', "We're investigating a Teams issue. TM1200002", at(2))],
      at(2),
    );
    expect(await incident('TM1200002')).not.toBeNull();
    expect(await dataSource.query('SELECT count(*)::int AS n FROM raw_signals')).toEqual([{ n: 2 }]);
  });

  it('never creates two incidents for one id when two processes correlate it at once', async () => {
    const post = (id: string) => xPostSignal(id, `We're investigating an issue with Teams. TM1200001`, at(1));
    await Promise.all([ingest([post('1')], at(1)), ingest([post('2')], at(1)), ingest([post('3')], at(1))]);
    expect(await incidentCount()).toBe(1);
    expect((await incident('TM1200001'))?.updates).toHaveLength(3);
  });
});
