import type { RunningBeacon } from '#runtime';
import { createTestDatabase, type TestDatabase } from '#testing';
import { query, startApi, testConfig } from './support/api-client.js';
import { TestIngestor } from './support/ingestor.js';
import { CONTOSO, FABRIKAM, seedMorning } from './support/scenario.js';
import { tenantsFile } from './support/tenants-file.js';

const ids = (connection: { edges: Array<{ node: { id: string } }> }) =>
  connection.edges.map((edge) => edge.node.id);

describe('GraphQL queries (two tenants, Contoso the default)', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;
  let ingestor: TestIngestor;
  let provisionalOneDriveId: string;
  let at: (minutes: number) => Date;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = testConfig(database.url, { TENANTS_FILE: tenantsFile(CONTOSO, FABRIKAM) });
    ingestor = await TestIngestor.start(config, database.url);
    ({ provisionalOneDriveId, at } = await seedMorning(ingestor));
    beacon = await startApi(config);
  });

  afterAll(async () => {
    await beacon?.close();
    await ingestor?.close();
    await database.drop();
  });

  const incidentIds = async (filter: Record<string, unknown>) =>
    ids(
      (
        await query(
          beacon.url,
          'query($f: IncidentFilter) { incidents(filter: $f) { edges { node { id } } } }',
          { f: filter },
        )
      ).incidents,
    );

  describe('overview', () => {
    it('sums up the default tenant: Graph fresh, the worst level, active incidents, its sources', async () => {
      const { overview } = await query(
        beacon.url,
        `{ overview { generatedAt degradedMode adminCenterReachable worstLevel activeIncidentCount
           sources { channel tenantId state lastSuccessAt consecutiveFailures lastError } } }`,
      );
      expect(Date.parse(overview.generatedAt)).toBeGreaterThan(Date.now() - 10_000);
      expect(overview).toMatchObject({
        degradedMode: false,
        // The status site says the admin center is degraded.
        adminCenterReachable: false,
        worstLevel: 'DEGRADED',
        // EX1190001, OD1190005 (Contoso's) and MO1190004 (only X knows it); not Fabrikam's TM1190003.
        activeIncidentCount: 3,
      });
      expect(
        overview.sources.map((s: { channel: string; tenantId: string | null }) => [s.channel, s.tenantId]),
      ).toEqual([
        ['GRAPH', CONTOSO],
        ['STATUS_SITE', null],
        ['X', null],
      ]);
    });

    it('is in degraded mode for a tenant whose Graph is not fresh', async () => {
      const { overview } = await query(
        beacon.url,
        `query($t: ID) { overview(tenantId: $t) { degradedMode worstLevel activeIncidentCount
           sources { channel tenantId state consecutiveFailures lastError } } }`,
        { t: FABRIKAM },
      );
      expect(overview).toMatchObject({
        degradedMode: true,
        worstLevel: 'INTERRUPTED',
        activeIncidentCount: 3,
      });
      expect(overview.sources[0]).toEqual({
        channel: 'GRAPH',
        tenantId: FABRIKAM,
        state: 'DOWN',
        consecutiveFailures: 4,
        lastError: 'unavailable: HTTP 503',
      });
    });
  });

  describe('services and service', () => {
    it("lists the default tenant's services by name, with Graph's status", async () => {
      const { services } = await query(
        beacon.url,
        '{ services { id name status { level status channel observedAt stale } } }',
      );
      expect(services.map((s: { name: string }) => s.name)).toEqual([
        'Exchange Online',
        'Microsoft 365 suite',
        'Microsoft Teams',
        'OneDrive for Business',
        'SharePoint Online',
      ]);
      expect(services[0]).toMatchObject({
        id: 'Exchange',
        status: { level: 'DEGRADED', status: 'serviceDegradation', channel: 'GRAPH', stale: false },
      });
      expect(services[0].status.observedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });

    it("carries a stale tenant's status on the fallback channels", async () => {
      const { services } = await query(
        beacon.url,
        'query($t: ID) { services(tenantId: $t) { id status { level channel stale } } }',
        {
          t: FABRIKAM,
        },
      );
      expect(services).toContainEqual({
        id: 'microsoftteams',
        status: { level: 'INTERRUPTED', channel: 'GRAPH', stale: true },
      });
      expect(services.every((s: { status: { stale: boolean } }) => s.status.stale)).toBe(true);
      expect(services.find((s: { id: string }) => s.id === 'OSDPPlatform')?.status.channel).not.toBe('GRAPH');
    });

    it('finds one service with its active incidents, and null for an unknown id', async () => {
      const { exchange, unknown } = await query(
        beacon.url,
        `{ exchange: service(id: "Exchange") { name status { level } activeIncidents { id isResolved } }
           unknown: service(id: "NoSuchService") { id } }`,
      );
      expect(exchange).toEqual({
        name: 'Exchange Online',
        status: { level: 'DEGRADED' },
        activeIncidents: [{ id: 'EX1190001', isResolved: false }],
      });
      expect(unknown).toBeNull();
    });
  });

  describe('incidents', () => {
    it("lists the default tenant's incidents newest first, with every field", async () => {
      const { incidents } = await query(
        beacon.url,
        `{ incidents { totalCount pageInfo { hasNextPage endCursor }
           edges { cursor node { id aliases tenantIds title serviceName feature featureGroup classification status
             level isResolved impactDescription startedAt endedAt firstSeenAt lastUpdatedAt provisional
             postIncidentReportAvailable service { id name } sightings { channel firstSeenAt lastSeenAt }
             updates { id channel postedAt text html kind } } } } }`,
      );
      expect(ids(incidents)).toEqual(['OD1190005', 'MO1190004', 'EX1190001', 'SP1190002']);
      expect(incidents.totalCount).toBe(4);
      expect(incidents.pageInfo).toEqual({ hasNextPage: false, endCursor: incidents.edges[3].cursor });
      const exchange = incidents.edges[2].node;
      expect(exchange).toMatchObject({
        aliases: [],
        tenantIds: [CONTOSO, FABRIKAM].sort(),
        title: 'Users may experience delays sending or receiving email',
        serviceName: 'Exchange Online',
        classification: 'INCIDENT',
        status: 'serviceDegradation',
        level: 'DEGRADED',
        isResolved: false,
        endedAt: null,
        provisional: false,
        postIncidentReportAvailable: false,
        startedAt: at(0).toISOString(),
        lastUpdatedAt: at(35).toISOString(),
        service: { id: 'Exchange', name: 'Exchange Online' },
      });
      expect(exchange.sightings.map((s: { channel: string }) => s.channel)).toEqual(['GRAPH', 'X']);
      expect(exchange.updates.map((u: { channel: string; text: string }) => [u.channel, u.text])).toEqual([
        ['GRAPH', 'Current status: We are investigating mailbox queues.'],
        ['GRAPH', 'Current status: We are rebalancing traffic.'],
        ['X', "We're investigating delays sending or receiving email. More info under EX1190001."],
      ]);
      expect(exchange.updates[0]).toMatchObject({
        kind: 'regular',
        html: expect.stringContaining('mailbox'),
      });

      const provisional = incidents.edges[1].node;
      expect(provisional).toMatchObject({
        id: 'MO1190004',
        provisional: true,
        tenantIds: [],
        service: { id: 'OSDPPlatform' },
      });
    });

    it('keeps the provisional id as an alias once Graph names the incident', async () => {
      const { incidents } = await query(
        beacon.url,
        '{ incidents(first: 1) { edges { node { id aliases sightings { channel } } } } }',
      );
      expect(incidents.edges[0].node).toEqual({
        id: 'OD1190005',
        aliases: [provisionalOneDriveId],
        sightings: [{ channel: 'X' }, { channel: 'GRAPH' }],
      });
    });

    it.each([
      ['another tenant', { tenantId: FABRIKAM }, ['MO1190004', 'TM1190003', 'EX1190001']],
      ['services', { serviceIds: ['Exchange', 'SharePoint'] }, ['EX1190001', 'SP1190002']],
      ['no service', { serviceIds: [] }, []],
      ['active', { active: true }, ['OD1190005', 'MO1190004', 'EX1190001']],
      ['resolved', { active: false }, ['SP1190002']],
      ['classification', { classification: 'ADVISORY' }, ['SP1190002']],
      ['channel X', { channel: 'X' }, ['OD1190005', 'MO1190004', 'EX1190001']],
      ['channel GRAPH', { channel: 'GRAPH' }, ['OD1190005', 'EX1190001', 'SP1190002']],
      ['channel STATUS_SITE', { channel: 'STATUS_SITE' }, ['MO1190004']],
      ['a window a day ago', { from: 'from:-1260', to: 'to:-1140' }, ['SP1190002']],
      ['from (open incidents last until now)', { from: 'from:65' }, ['OD1190005', 'MO1190004', 'EX1190001']],
      ['to', { to: 'to:10' }, ['EX1190001', 'SP1190002']],
      ['search in titles', { search: 'sync' }, ['OD1190005', 'SP1190002']],
      ['search in updates', { search: 'rebalancing traffic' }, ['EX1190001']],
      ['search, web syntax', { search: '"mailbox queues" -teams' }, ['EX1190001']],
      ['search and tenant', { search: 'meetings', tenantId: FABRIKAM }, ['TM1190003']],
      [
        'everything at once',
        { tenantId: FABRIKAM, serviceIds: ['Exchange'], active: true, channel: 'X', search: 'email' },
        ['EX1190001'],
      ],
    ])('filters by %s', async (_name, filter, expected) => {
      const resolved = Object.fromEntries(
        Object.entries(filter).map(([key, value]) => [
          key,
          typeof value === 'string' && /^(from|to):/.test(value)
            ? at(Number(value.split(':')[1])).toISOString()
            : value,
        ]),
      );
      expect(await incidentIds(resolved)).toEqual(expected);
    });

    it('counts every match, not just the page', async () => {
      const { incidents } = await query(
        beacon.url,
        '{ incidents(first: 1, filter: { active: true }) { totalCount pageInfo { hasNextPage } } }',
      );
      expect(incidents).toEqual({ totalCount: 3, pageInfo: { hasNextPage: true } });
    });

    it('finds an incident by its id or an alias, and gives null for an id nobody used', async () => {
      const { byId, byAlias, unknown } = await query(
        beacon.url,
        `query($alias: ID!) { byId: incident(id: "EX1190001") { id tenantIds }
           byAlias: incident(id: $alias) { id aliases }
           unknown: incident(id: "EX9999999") { id } }`,
        { alias: provisionalOneDriveId },
      );
      expect(byId).toEqual({ id: 'EX1190001', tenantIds: [CONTOSO, FABRIKAM].sort() });
      expect(byAlias).toEqual({ id: 'OD1190005', aliases: [provisionalOneDriveId] });
      expect(unknown).toBeNull();
    });

    it("reads an incident's service in the view of the tenant asked for", async () => {
      const read = async (tenantId: string) =>
        (
          await query(
            beacon.url,
            'query($t: ID) { incident(id: "TM1190003", tenantId: $t) { service { status { level stale } } } }',
            { t: tenantId },
          )
        ).incident.service.status;
      expect(await read(FABRIKAM)).toEqual({ level: 'INTERRUPTED', stale: true });
      expect(await read(CONTOSO)).toEqual({ level: 'OPERATIONAL', stale: false });
    });
  });

  describe('messages', () => {
    const messageIds = async (filter: Record<string, unknown> | null) =>
      ids(
        (
          await query(
            beacon.url,
            'query($f: MessageFilter) { messages(filter: $f) { edges { node { id } } } }',
            { f: filter },
          )
        ).messages,
      );

    it("lists the default tenant's message center, newest first, with every field", async () => {
      const { messages } = await query(
        beacon.url,
        `{ messages { totalCount pageInfo { hasNextPage }
           edges { node { id tenantIds title category severity tags services isMajorChange actionRequiredBy startedAt
             endsAt lastModifiedAt body } } } }`,
      );
      expect(ids(messages)).toEqual(['MC1190102', 'MC1190101']);
      expect(messages.totalCount).toBe(2);
      expect(messages.edges[0].node).toMatchObject({
        tenantIds: [CONTOSO, FABRIKAM].sort(),
        title: 'Exchange Online: retirement of Basic authentication for SMTP AUTH',
        category: 'planForChange',
        severity: 'high',
        tags: [],
        services: ['Exchange Online'],
        isMajorChange: true,
        actionRequiredBy: at(60 * 24 * 90).toISOString(),
        endsAt: null,
        lastModifiedAt: at(20).toISOString(),
        body: 'Admins should move applications to OAuth before the retirement date.',
      });
    });

    it.each([
      ['another tenant', { tenantId: FABRIKAM }, ['MC1190103', 'MC1190102']],
      ['services', { services: ['Microsoft Teams'] }, ['MC1190101']],
      ['category (any case)', { category: 'PlanForChange' }, ['MC1190102', 'MC1190101']],
      ['major changes', { majorChangeOnly: true }, ['MC1190102']],
      ['search', { search: 'OAuth' }, ['MC1190102']],
      ['search in titles', { search: 'recap' }, ['MC1190101']],
    ])('filters by %s', async (_name, filter, expected) => {
      expect(await messageIds(filter)).toEqual(expected);
    });
  });

  it('lists every source', async () => {
    const { sources } = await query(beacon.url, '{ sources { channel tenantId state } }');
    expect(sources).toEqual([
      { channel: 'GRAPH', tenantId: CONTOSO, state: 'HEALTHY' },
      { channel: 'GRAPH', tenantId: FABRIKAM, state: 'DOWN' },
      { channel: 'STATUS_SITE', tenantId: null, state: 'HEALTHY' },
      { channel: 'X', tenantId: null, state: 'DISABLED' },
    ]);
  });
});
