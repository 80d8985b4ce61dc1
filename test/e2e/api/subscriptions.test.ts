import type { RunningBeacon } from '#runtime';
import {
  createTestDatabase,
  graphHealthOverviewSignal,
  graphIssueSignal,
  type TestDatabase,
  xPostSignal,
} from '#testing';
import { startApi, testConfig } from './support/api-client.js';
import { TestIngestor } from './support/ingestor.js';
import { CONTOSO, FABRIKAM } from './support/scenario.js';
import { tenantsFile } from './support/tenants-file.js';
import { firstEvent, nextMatching, subscribe, type Subscription, wsClient } from './support/ws-client.js';

interface IncidentEvent {
  incidentUpdated: {
    id: string;
    provisional: boolean;
    tenantIds: string[];
    updates: Array<{ text: string }>;
  };
}
interface ServiceEvent {
  serviceStatusChanged: { id: string; status: { level: string; status: string; channel: string } };
}

const INCIDENT_UPDATED = `subscription($tenantId: ID) { incidentUpdated(tenantId: $tenantId) {
  id provisional tenantIds updates { text } } }`;
const SERVICE_STATUS_CHANGED = `subscription($tenantId: ID) { serviceStatusChanged(tenantId: $tenantId) {
  id status { level status channel } } }`;

describe('subscriptions across processes (PostgreSQL LISTEN/NOTIFY)', () => {
  let database: TestDatabase;
  let first: RunningBeacon;
  let second: RunningBeacon;
  let ingestor: TestIngestor;
  const open: Array<Subscription<unknown>> = [];
  let posts = 0;
  const postsOn = new Map<string, number>();

  /** An X post on a provisional incident, as another process's poll would correlate it. */
  const xPost = (reference: string) => {
    posts += 1;
    postsOn.set(reference, (postsOn.get(reference) ?? 0) + 1);
    return ingestor.ingest(
      [
        xPostSignal(
          `p-${posts}`,
          `Update ${posts}: we're investigating delays in Exchange Online. ${reference}`,
          new Date(),
        ),
      ],
      new Date(),
    );
  };
  /** The event that carries the latest post on the incident. */
  const latestOn = (reference: string) => (event: IncidentEvent) =>
    event.incidentUpdated.id === reference && event.incidentUpdated.updates.length === postsOn.get(reference);

  function watch<T>(
    beacon: RunningBeacon,
    query: string,
    variables: Record<string, unknown> = {},
  ): Subscription<T> {
    const subscription = subscribe<T>(wsClient(beacon.url), query, variables);
    open.push(subscription as Subscription<unknown>);
    return subscription;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = testConfig(database.url, { TENANTS_FILE: tenantsFile(CONTOSO, FABRIKAM) });
    ingestor = await TestIngestor.start(config, database.url);
    await ingestor.registerTenants([{ id: CONTOSO }, { id: FABRIKAM }]);
    first = await startApi(config);
    second = await startApi(config);
  });

  afterAll(async () => {
    await Promise.all(open.map((subscription) => subscription.close()));
    await first?.close();
    await second?.close();
    await ingestor?.close();
    await database.drop();
  });

  it('tells subscribers of both processes about a change another process committed', async () => {
    const onFirst = watch<IncidentEvent>(first, INCIDENT_UPDATED);
    const onSecond = watch<IncidentEvent>(second, INCIDENT_UPDATED);
    await firstEvent(onFirst, () => xPost('EX1600001'));
    await firstEvent(onSecond, () => xPost('EX1600001'));

    await xPost('EX1600001');
    for (const subscription of [onFirst, onSecond]) {
      const { incidentUpdated } = await nextMatching(subscription, latestOn('EX1600001'));
      expect(incidentUpdated).toMatchObject({ id: 'EX1600001', provisional: true, tenantIds: [] });
      // Nested fields are read afresh for every event: the newest post is there.
      expect(incidentUpdated.updates.at(-1)!.text).toMatch(new RegExp(`^Update ${posts}:`));
    }
  });

  it("tells a tenant's subscribers only about incidents that tenant sees", async () => {
    const contoso = watch<IncidentEvent>(first, INCIDENT_UPDATED, { tenantId: CONTOSO });
    const fabrikam = watch<IncidentEvent>(second, INCIDENT_UPDATED, { tenantId: FABRIKAM });
    await firstEvent(contoso, () => xPost('EX1600002'));
    await firstEvent(fabrikam, () => xPost('EX1600002'));

    await ingestor.ingest(
      [graphIssueSignal(FABRIKAM, { id: 'TM1600003', service: 'Microsoft Teams' })],
      new Date(),
    );
    await xPost('EX1600002');
    // Fabrikam hears of its Teams incident; Contoso only of the provisional one both see.
    expect(
      (await nextMatching(fabrikam, (e) => e.incidentUpdated.id === 'TM1600003')).incidentUpdated.tenantIds,
    ).toEqual([FABRIKAM]);
    const contosoHears = await nextMatching(
      contoso,
      (e) => latestOn('EX1600002')(e) || e.incidentUpdated.id === 'TM1600003',
    );
    expect(contosoHears.incidentUpdated.id).toBe('EX1600002');
  });

  it("tells a tenant's subscribers when a service's status changes", async () => {
    // Graph is fresh for Contoso: its word is the status (not the X posts of the other tests).
    await ingestor.setSource({
      channel: 'GRAPH',
      tenantId: CONTOSO,
      state: 'HEALTHY',
      lastSuccessAt: new Date(),
    });
    const contoso = watch<ServiceEvent>(second, SERVICE_STATUS_CHANGED);
    let flips = 0;
    const flip = () => {
      flips += 1;
      const status = flips % 2 === 1 ? 'serviceDegradation' : 'serviceOperational';
      return ingestor.ingest(
        [graphHealthOverviewSignal(CONTOSO, 'Exchange', 'Exchange Online', status)],
        new Date(),
      );
    };
    await firstEvent(contoso, flip);
    await ingestor.ingest(
      [graphHealthOverviewSignal(CONTOSO, 'Exchange', 'Exchange Online', 'serviceInterruption')],
      new Date(),
    );
    const { serviceStatusChanged } = await nextMatching(
      contoso,
      (e) => e.serviceStatusChanged.status.level === 'INTERRUPTED',
    );
    expect(serviceStatusChanged).toEqual({
      id: 'Exchange',
      status: { level: 'INTERRUPTED', status: 'serviceInterruption', channel: 'GRAPH' },
    });
  });

  it('keeps listening after its connection to PostgreSQL is cut', async () => {
    const subscription = watch<IncidentEvent>(first, INCIDENT_UPDATED);
    await firstEvent(subscription, () => xPost('EX1600004'));
    const listeners = `SELECT pid FROM pg_stat_activity WHERE application_name = 'beacon-change-listener' AND datname = current_database()`;
    const before = (await ingestor.dataSource.query(listeners)) as Array<{ pid: number }>;
    expect(before).toHaveLength(2);
    await ingestor.dataSource.query(`SELECT pg_terminate_backend(pid) FROM (${listeners}) AS l`);
    await eventually(async () => {
      const after = (await ingestor.dataSource.query(listeners)) as Array<{ pid: number }>;
      return after.length === 2 && after.every(({ pid }) => !before.some((old) => old.pid === pid));
    });
    await xPost('EX1600004');
    await nextMatching(subscription, latestOn('EX1600004'));
  });

  it('refuses a document of more tokens than a query may hold, as a query is refused', async () => {
    // 1,300 variables of four tokens each: past the 5,000 tokens, yet within every other limit.
    const variables = Array.from({ length: 1_300 }, (_, i) => `$v${i}: ID`).join(' ');
    const subscription = watch(first, `subscription Long(${variables}) { incidentUpdated { id } }`);
    const ended = (await subscription.ended) as Array<{ message: string; extensions?: { code?: string } }>;
    expect(ended).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/5000 tokens/),
        extensions: expect.objectContaining({ code: 'GRAPHQL_PARSE_FAILED' }),
      }),
    ]);
  });

  it('refuses an unknown tenant with BAD_USER_INPUT', async () => {
    const subscription = watch<{ errors?: unknown }>(first, INCIDENT_UPDATED, { tenantId: 'nobody' });
    const ended = (await subscription.ended) as Array<{ message: string; extensions?: { code?: string } }>;
    expect(ended[0]!.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('serviceStatusChanged without Graph tenants', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;
  let ingestor: TestIngestor;
  let subscription: Subscription<ServiceEvent>;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = testConfig(database.url);
    ingestor = await TestIngestor.start(config, database.url);
    beacon = await startApi(config);
  });

  afterAll(async () => {
    await subscription?.close();
    await beacon?.close();
    await ingestor?.close();
    await database.drop();
  });

  it('tells the global view when the fallback channels change a service', async () => {
    subscription = subscribe<ServiceEvent>(wsClient(beacon.url), SERVICE_STATUS_CHANGED);
    let posted = 0;
    // Until the subscription is live, each attempt flips Teams between an outage and its end.
    const flip = () => {
      posted += 1;
      const text =
        posted % 2 === 1
          ? "We're investigating an outage affecting Microsoft Teams. TM1700001"
          : "We've confirmed that Microsoft Teams is restored. TM1700001";
      return ingestor.ingest([xPostSignal(`g-${posted}`, text, new Date())], new Date());
    };
    const first = await firstEvent(subscription, flip);
    expect(first.serviceStatusChanged).toMatchObject({ id: 'microsoftteams', status: { channel: 'X' } });

    const expected = posted % 2 === 1 ? 'OPERATIONAL' : 'INTERRUPTED';
    await flip();
    const next = await nextMatching(subscription, (e) => e.serviceStatusChanged.status.level === expected);
    expect(next.serviceStatusChanged).toMatchObject({ id: 'microsoftteams', status: { channel: 'X' } });
  });
});

async function eventually(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition never met');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
