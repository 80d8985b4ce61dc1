import type { RunningBeacon } from '#runtime';
import {
  createTestDatabase,
  graphHealthOverviewSignal,
  statusSiteFeedItemSignal,
  type TestDatabase,
  xPostSignal,
} from '#testing';
import { ChangeListener } from '../../../apps/api/src/subscriptions/change.listener.js';
import { graphql, query, startApi, testConfig } from './support/api-client.js';
import { TestIngestor } from './support/ingestor.js';

const TENANT = 'contoso.onmicrosoft.com';
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

describe('overview with one tenant: the admin center', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;
  let ingestor: TestIngestor;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = testConfig(database.url, {
      GRAPH_TENANT_ID: TENANT,
      GRAPH_CLIENT_ID: 'client',
      GRAPH_CLIENT_SECRET: 'secret',
      GRAPH_STALE_SECONDS: '300',
    });
    ingestor = await TestIngestor.start(config, database.url);
    await ingestor.registerTenants([{ id: TENANT }]);
    beacon = await startApi(config);
  });

  afterAll(async () => {
    await beacon?.close();
    await ingestor?.close();
    await database.drop();
  });

  /**
   * Stores a poll and waits until this API process has heard its change notice: the read cache answers
   * from before a change until its notice is delivered (apps/api/README.md, "Read cache"), so a read that
   * must see the change begins after that.
   */
  const ingest = async (...poll: Parameters<TestIngestor['ingest']>) => {
    let stop = () => {};
    const heard = new Promise<void>(
      (resolve) => (stop = beacon.app.get(ChangeListener).subscribe(() => resolve())),
    );
    try {
      await ingestor.ingest(...poll);
      await heard;
    } finally {
      stop();
    }
  };
  const overview = async () =>
    (
      await query(
        beacon.url,
        '{ overview { degradedMode adminCenterReachable worstLevel activeIncidentCount } }',
      )
    ).overview;
  const graphPolled = (minutes: number) =>
    ingestor.setSource({
      channel: 'GRAPH',
      tenantId: TENANT,
      state: 'HEALTHY',
      lastSuccessAt: minutesAgo(minutes),
    });
  const statusSiteSays = (word: string, minutes: number) =>
    ingest(
      [statusSiteFeedItemSignal('mac', word, `The admin center is ${word}.`, minutesAgo(minutes))],
      minutesAgo(minutes),
    );

  it('follows what Graph, the status site and X say, one step at a time', async () => {
    await graphPolled(1);
    await ingest(
      [graphHealthOverviewSignal(TENANT, 'Exchange', 'Exchange Online', 'serviceOperational')],
      minutesAgo(31),
    );
    // Graph is fresh, but nothing speaks of the admin center.
    expect(await overview()).toEqual({
      degradedMode: false,
      adminCenterReachable: null,
      worstLevel: 'OPERATIONAL',
      activeIncidentCount: 0,
    });

    await statusSiteSays('Available', 30);
    expect((await overview()).adminCenterReachable).toBe(true);

    // A post pointing to the admin center for details says nothing about the admin center itself.
    await ingest(
      [
        xPostSignal(
          '1',
          "We're investigating delays for some Microsoft 365 apps. More info under MO1200001 in the admin center.",
          minutesAgo(20),
        ),
      ],
      minutesAgo(20),
    );
    expect(await overview()).toMatchObject({ adminCenterReachable: true, activeIncidentCount: 1 });

    await ingest(
      [
        xPostSignal(
          '2',
          "We're investigating an issue in which admins may be unable to access the Microsoft 365 admin center. Reference: MO1200002",
          minutesAgo(15),
        ),
      ],
      minutesAgo(15),
    );
    expect(await overview()).toMatchObject({ adminCenterReachable: false, activeIncidentCount: 2 });

    await ingest(
      [
        xPostSignal(
          '3',
          'Access to the Microsoft 365 admin center has been restored. Reference: MO1200002',
          minutesAgo(10),
        ),
      ],
      minutesAgo(10),
    );
    expect(await overview()).toMatchObject({ adminCenterReachable: true, activeIncidentCount: 1 });

    await statusSiteSays('Service degradation', 5);
    expect((await overview()).adminCenterReachable).toBe(false);

    await statusSiteSays('Available', 2);
    await graphPolled(10);
    // Graph is not fresh any more: the status site alone can't say the admin center works.
    expect(await overview()).toMatchObject({ degradedMode: true, adminCenterReachable: null });
  });
});

describe('without Graph: the global view', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;
  let ingestor: TestIngestor;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = testConfig(database.url);
    ingestor = await TestIngestor.start(config, database.url);
    await ingestor.ingest(
      [
        xPostSignal(
          '1',
          "We're investigating delays sending email in Exchange Online. EX1200011",
          minutesAgo(30),
        ),
        xPostSignal(
          '2',
          "We're investigating an issue where users can't join Microsoft Teams meetings. TM1200012",
          minutesAgo(20),
        ),
        xPostSignal(
          '3',
          'We have confirmed the Microsoft Teams issue is resolved. TM1200012',
          minutesAgo(10),
        ),
        statusSiteFeedItemSignal(
          'mac',
          'Service degradation',
          'Admins may be unable to reach the admin center.',
          minutesAgo(5),
        ),
      ],
      minutesAgo(5),
    );
    await ingestor.setSource({ channel: 'GRAPH', state: 'DISABLED' });
    await ingestor.setSource({ channel: 'STATUS_SITE', state: 'HEALTHY', lastSuccessAt: minutesAgo(1) });
    await ingestor.setSource({
      channel: 'X',
      state: 'DEGRADED',
      lastSuccessAt: minutesAgo(1),
      consecutiveFailures: 1,
    });
    beacon = await startApi(config);
  });

  afterAll(async () => {
    await beacon?.close();
    await ingestor?.close();
    await database.drop();
  });

  it('lists the services the fallback channels name, every status stale', async () => {
    const { services } = await query(
      beacon.url,
      '{ services { id status { level status channel stale } activeIncidents { id } } }',
    );
    expect(services).toEqual([
      {
        id: 'Exchange',
        status: { level: 'DEGRADED', status: 'serviceDegradation', channel: 'X', stale: true },
        activeIncidents: [{ id: 'EX1200011' }],
      },
      {
        id: 'OSDPPlatform',
        status: { level: 'DEGRADED', status: 'ServiceDegradation', channel: 'STATUS_SITE', stale: true },
        // The status site's post opened an incident of its own, under a provisional id.
        activeIncidents: [{ id: expect.stringMatching(/^BCN-/) }],
      },
      {
        id: 'microsoftteams',
        status: { level: 'OPERATIONAL', status: expect.any(String), channel: 'X', stale: true },
        activeIncidents: [],
      },
    ]);
    const { service } = await query(
      beacon.url,
      '{ service(id: "microsoftteams") { name status { level } } }',
    );
    expect(service).toEqual({ name: 'Microsoft Teams', status: { level: 'OPERATIONAL' } });
  });

  it('is always in degraded mode, over every incident and the global sources', async () => {
    const { overview } = await query(
      beacon.url,
      '{ overview { degradedMode adminCenterReachable worstLevel activeIncidentCount sources { channel tenantId state } } }',
    );
    expect(overview).toEqual({
      degradedMode: true,
      adminCenterReachable: false,
      worstLevel: 'DEGRADED',
      activeIncidentCount: 2,
      sources: [
        { channel: 'GRAPH', tenantId: null, state: 'DISABLED' },
        { channel: 'STATUS_SITE', tenantId: null, state: 'HEALTHY' },
        { channel: 'X', tenantId: null, state: 'DEGRADED' },
      ],
    });
    const { incidents } = await query(
      beacon.url,
      '{ incidents { totalCount edges { node { id provisional tenantIds } } } }',
    );
    expect(incidents.totalCount).toBe(3);
    expect(incidents.edges.every((edge: { node: { provisional: boolean } }) => edge.node.provisional)).toBe(
      true,
    );
  });

  it('refuses a tenantId, since no tenant is configured', async () => {
    const response = await graphql(beacon.url, '{ services(tenantId: "contoso.onmicrosoft.com") { id } }');
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
