import type { RunningBeacon } from '#runtime';
import { createTestDatabase, type TestDatabase } from '#testing';
import { graphql, query, startApi, testConfig } from '../api/support/api-client.js';
import { at, seedAnalyticsHistory, TENANT } from './support/analytics-history.js';

const SUMMARY = 'count p50Seconds p90Seconds maxSeconds';
const GROUP = `key label incidentCount
  timeToResolve { ${SUMMARY} }
  communication { firstWord { channel incidentCount } graphLag { ${SUMMARY} } fallbackOnly { ${SUMMARY} } neverOnGraphCount }
  promises { count keptCount lateCount unansweredCount pendingCount lateness { ${SUMMARY} } }
  timeAtLevel { level totalSeconds seconds { ${SUMMARY} } }
  postIncidentReviews { count share daysAfterEnd { count p50Days p90Days maxDays } }`;
const STATISTICS = `query ($filter: IncidentFilter, $groupBy: StatisticsGrouping!) {
  incidentStatistics(filter: $filter, groupBy: $groupBy) { groupBy total { ${GROUP} } groups { ${GROUP} } }
}`;

const summary = (count: number, p50: number | null, p90: number | null, max: number | null) => ({
  count,
  p50Seconds: p50,
  p90Seconds: p90,
  maxSeconds: max,
});
const levelTime = (level: string, seconds: ReturnType<typeof summary>, totalSeconds: unknown) => ({
  level,
  seconds,
  totalSeconds,
});
const days = (count: number, p50: number | null, p90: number | null, max: number | null) => ({
  count,
  p50Days: p50,
  p90Days: p90,
  maxDays: max,
});
/** EX300 is open and DEGRADED since 08:40 on April 10: its time there grows with the clock. */
const EX300_DEGRADED_SINCE = Date.parse('2026-04-10T08:40:00Z');
const degradedUntilNow = expect.any(Number);
/** Seconds since EX300 turned DEGRADED, as of a statement that ran between `before` and `after` (ms). */
function expectDegradedUntilNow(seconds: number, before: number, after: number, plus = 0): void {
  expect(seconds - plus).toBeGreaterThanOrEqual(Math.floor((before - EX300_DEGRADED_SINCE) / 1000) - 1);
  expect(seconds - plus).toBeLessThanOrEqual(Math.ceil((after - EX300_DEGRADED_SINCE) / 1000) + 1);
}
const firstWord = (graph: number, statusSite: number, x: number) => [
  { channel: 'GRAPH', incidentCount: graph },
  { channel: 'STATUS_SITE', incidentCount: statusSite },
  { channel: 'X', incidentCount: x },
];

describe('incident statistics and analysis, over a hand-computed history', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedAnalyticsHistory(database.url);
    beacon = await startApi(
      testConfig(database.url, {
        GRAPH_TENANT_ID: TENANT,
        GRAPH_CLIENT_ID: 'client',
        GRAPH_CLIENT_SECRET: 'secret',
      }),
    );
  });

  afterAll(async () => {
    await beacon?.close();
    await database.drop();
  });

  const statistics = async (groupBy: string, filter: Record<string, unknown> = {}) =>
    (await query(beacon.url, STATISTICS, { groupBy, filter })).incidentStatistics;

  it("sums up the tenant's view by service, Fabrikam's incident left out", async () => {
    const before = Date.now();
    const result = await statistics('SERVICE');
    const after = Date.now();
    expect(result.total).toEqual({
      key: null,
      label: null,
      incidentCount: 4,
      // 600 (EX500), 1800 (TM200), 7200 (EX100): nearest-rank p50 is the second, p90 the third.
      timeToResolve: summary(3, 1800, 7200, 7200),
      communication: {
        firstWord: firstWord(2, 0, 2),
        // EX100 1200, TM200 0, EX500 0.
        graphLag: summary(3, 0, 1200, 1200),
        // EX100 1200 (until Graph), EX300 2400 (X alone from first to last word).
        fallbackOnly: summary(2, 1200, 2400, 2400),
        neverOnGraphCount: 1,
      },
      promises: {
        count: 4,
        keptCount: 1,
        lateCount: 1,
        unansweredCount: 1,
        pendingCount: 1,
        lateness: summary(1, 900, 900, 900),
      },
      // EX100 (1500, 2700, 2100, 900), TM200 (INTERRUPTED 1200, OPERATIONAL 600), EX300 (2400, then
      // DEGRADED until now), EX500 (UNKNOWN 600); Fabrikam's INTERRUPTED EX400 left out.
      timeAtLevel: [
        levelTime('OPERATIONAL', summary(2, 600, 900, 900), 1500),
        levelTime('INVESTIGATING', summary(2, 2400, 2700, 2700), 5100),
        levelTime('DEGRADED', summary(2, 2100, degradedUntilNow, degradedUntilNow), degradedUntilNow),
        levelTime('INTERRUPTED', summary(1, 1200, 1200, 1200), 1200),
        levelTime('UNKNOWN', summary(2, 600, 1500, 1500), 2100),
      ],
      postIncidentReviews: { count: 1, share: 0.25, daysAfterEnd: days(1, 2, 2, 2) },
    });
    const degraded = result.total.timeAtLevel[2];
    expectDegradedUntilNow(degraded.seconds.maxSeconds, before, after);
    expect(degraded.seconds.p90Seconds).toBe(degraded.seconds.maxSeconds);
    expectDegradedUntilNow(degraded.totalSeconds, before, after, 2100);
    expect(result.groups).toEqual([
      {
        key: 'Exchange',
        label: 'Exchange Online',
        incidentCount: 3,
        timeToResolve: summary(2, 600, 7200, 7200),
        communication: {
          firstWord: firstWord(1, 0, 2),
          graphLag: summary(2, 0, 1200, 1200),
          fallbackOnly: summary(2, 1200, 2400, 2400),
          neverOnGraphCount: 1,
        },
        promises: {
          count: 3,
          keptCount: 1,
          lateCount: 1,
          unansweredCount: 0,
          pendingCount: 1,
          lateness: summary(1, 900, 900, 900),
        },
        timeAtLevel: [
          levelTime('OPERATIONAL', summary(1, 900, 900, 900), 900),
          levelTime('INVESTIGATING', summary(2, 2400, 2700, 2700), 5100),
          levelTime('DEGRADED', summary(2, 2100, degradedUntilNow, degradedUntilNow), degradedUntilNow),
          levelTime('INTERRUPTED', summary(0, null, null, null), 0),
          levelTime('UNKNOWN', summary(2, 600, 1500, 1500), 2100),
        ],
        postIncidentReviews: { count: 1, share: 1 / 3, daysAfterEnd: days(1, 2, 2, 2) },
      },
      {
        key: 'microsoftteams',
        label: 'Microsoft Teams',
        incidentCount: 1,
        timeToResolve: summary(1, 1800, 1800, 1800),
        communication: {
          firstWord: firstWord(1, 0, 0),
          graphLag: summary(1, 0, 0, 0),
          fallbackOnly: summary(0, null, null, null),
          neverOnGraphCount: 0,
        },
        promises: {
          count: 1,
          keptCount: 0,
          lateCount: 0,
          unansweredCount: 1,
          pendingCount: 0,
          lateness: summary(0, null, null, null),
        },
        timeAtLevel: [
          levelTime('OPERATIONAL', summary(1, 600, 600, 600), 600),
          levelTime('INVESTIGATING', summary(0, null, null, null), 0),
          levelTime('DEGRADED', summary(0, null, null, null), 0),
          levelTime('INTERRUPTED', summary(1, 1200, 1200, 1200), 1200),
          levelTime('UNKNOWN', summary(0, null, null, null), 0),
        ],
        postIncidentReviews: { count: 0, share: 0, daysAfterEnd: days(0, null, null, null) },
      },
    ]);
    expectDegradedUntilNow(result.groups[0].timeAtLevel[2].seconds.maxSeconds, before, after);
  });

  it.each([
    [
      'MONTH',
      [
        ['2026-03', 3],
        ['2026-04', 1],
      ],
    ],
    [
      'WEEK',
      [
        ['2026-W09', 2],
        ['2026-W10', 1],
        ['2026-W15', 1],
      ],
    ],
    [
      'FEATURE_GROUP',
      [
        ['Email', 2],
        ['Meetings', 1],
        [null, 1],
      ],
    ],
    [
      'CLASSIFICATION',
      [
        ['ADVISORY', 1],
        ['INCIDENT', 3],
      ],
    ],
    [
      'ORIGIN_CHANNEL',
      [
        ['GRAPH', 2],
        ['X', 2],
      ],
    ],
  ])('groups by %s', async (groupBy, expected) => {
    const result = await statistics(groupBy as string);
    expect(result.groupBy).toBe(groupBy);
    expect(result.total.incidentCount).toBe(4);
    expect(
      result.groups.map((g: { key: string; incidentCount: number }) => [g.key, g.incidentCount]),
    ).toEqual(expected);
  });

  it('follows the filter of `incidents`', async () => {
    const resolvedTeams = await statistics('MONTH', { serviceIds: ['microsoftteams'], active: false });
    expect(resolvedTeams.total.incidentCount).toBe(1);
    expect(resolvedTeams.total.timeToResolve).toEqual(summary(1, 1800, 1800, 1800));
    const onX = await statistics('SERVICE', { channel: 'X' });
    expect(onX.groups.map((g: { key: string; incidentCount: number }) => [g.key, g.incidentCount])).toEqual([
      ['Exchange', 2],
    ]);
    // Without the open EX300, nothing depends on the clock.
    const resolved = await statistics('SERVICE', { active: false });
    expect(resolved.total.timeAtLevel).toEqual([
      levelTime('OPERATIONAL', summary(2, 600, 900, 900), 1500),
      levelTime('INVESTIGATING', summary(1, 2700, 2700, 2700), 2700),
      levelTime('DEGRADED', summary(1, 2100, 2100, 2100), 2100),
      levelTime('INTERRUPTED', summary(1, 1200, 1200, 1200), 1200),
      levelTime('UNKNOWN', summary(2, 600, 1500, 1500), 2100),
    ]);
    const none = await statistics('SERVICE', { serviceIds: [] });
    expect(none.total.incidentCount).toBe(0);
    expect(none.total.timeToResolve).toEqual(summary(0, null, null, null));
    expect(none.groups).toEqual([]);
  });

  it('refuses what `incidents` refuses, with BAD_USER_INPUT', async () => {
    const otherTenant = await graphql(beacon.url, STATISTICS, {
      groupBy: 'SERVICE',
      filter: { tenantId: 'nobody.onmicrosoft.com' },
    });
    expect(otherTenant.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badGrouping = await graphql(beacon.url, STATISTICS, { groupBy: 'YEAR' });
    expect(badGrouping.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('gives each incident the facts the statistics sum up', async () => {
    const { incident } = await query(
      beacon.url,
      `{ incident(id: "EX100") { analysis {
          durationSeconds firstChannel graphLagSeconds fallbackOnlySeconds
          firstWords { channel firstSeenAt secondsBeforeGraph }
          promises { channel madeAt promisedBy outcome nextPostAt lateSeconds updateId }
          levelChanges { at channel level status } timeAtLevel { level seconds }
          postIncidentReview { available publishedAt daysAfterEnd } } } }`,
    );
    const { promises, ...analysis } = incident.analysis;
    expect(analysis).toEqual({
      durationSeconds: 7200,
      firstChannel: 'X',
      graphLagSeconds: 1200,
      fallbackOnlySeconds: 1200,
      firstWords: [
        { channel: 'X', firstSeenAt: at(5).toISOString(), secondsBeforeGraph: 1200 },
        { channel: 'STATUS_SITE', firstSeenAt: at(10).toISOString(), secondsBeforeGraph: 900 },
        { channel: 'GRAPH', firstSeenAt: at(25).toISOString(), secondsBeforeGraph: 0 },
      ],
      levelChanges: [
        { at: at(25).toISOString(), channel: 'GRAPH', level: 'INVESTIGATING', status: 'investigating' },
        { at: at(70).toISOString(), channel: 'GRAPH', level: 'DEGRADED', status: 'serviceDegradation' },
        { at: at(105).toISOString(), channel: 'GRAPH', level: 'OPERATIONAL', status: 'serviceRestored' },
        {
          at: at(120 + 2 * 24 * 60).toISOString(),
          channel: 'GRAPH',
          level: 'OPERATIONAL',
          status: 'postIncidentReviewPublished',
        },
      ],
      timeAtLevel: [
        { level: 'OPERATIONAL', seconds: 900 },
        { level: 'INVESTIGATING', seconds: 2700 },
        { level: 'DEGRADED', seconds: 2100 },
        { level: 'INTERRUPTED', seconds: 0 },
        { level: 'UNKNOWN', seconds: 1500 },
      ],
      postIncidentReview: {
        available: true,
        publishedAt: at(120 + 2 * 24 * 60).toISOString(),
        daysAfterEnd: 2,
      },
    });
    expect(
      promises.map(({ updateId, ...rest }: { updateId: string }) => (expect(updateId).toBeTruthy(), rest)),
    ).toEqual([
      {
        channel: 'GRAPH',
        madeAt: at(25).toISOString(),
        promisedBy: at(60).toISOString(),
        outcome: 'KEPT',
        nextPostAt: at(55).toISOString(),
        lateSeconds: null,
      },
      {
        channel: 'GRAPH',
        madeAt: at(70).toISOString(),
        promisedBy: at(90).toISOString(),
        outcome: 'LATE',
        nextPostAt: at(105).toISOString(),
        lateSeconds: 900,
      },
    ]);

    const { incidents } = await query(
      beacon.url,
      `{ incidents(first: 10) { edges { node { id analysis { durationSeconds firstChannel graphLagSeconds
          fallbackOnlySeconds promises { outcome } timeAtLevel { level seconds }
          levelChanges { channel level } } } } } }`,
    );
    const seconds = (...values: unknown[]) =>
      ['OPERATIONAL', 'INVESTIGATING', 'DEGRADED', 'INTERRUPTED', 'UNKNOWN'].map((level, index) => ({
        level,
        seconds: values[index],
      }));
    const byId = Object.fromEntries(
      incidents.edges.map((edge: { node: { id: string; analysis: unknown } }) => [
        edge.node.id,
        edge.node.analysis,
      ]),
    );
    expect(byId).toEqual({
      EX100: expect.objectContaining({
        durationSeconds: 7200,
        timeAtLevel: seconds(900, 2700, 2100, 0, 1500),
      }),
      TM200: {
        durationSeconds: 1800,
        firstChannel: 'GRAPH',
        graphLagSeconds: 0,
        fallbackOnlySeconds: null,
        promises: [{ outcome: 'UNANSWERED' }],
        timeAtLevel: seconds(600, 0, 0, 1200, 0),
        levelChanges: [
          { channel: 'GRAPH', level: 'INTERRUPTED' },
          { channel: 'GRAPH', level: 'OPERATIONAL' },
        ],
      },
      // Graph never spoke of it: X's words are its timeline.
      EX300: {
        durationSeconds: null,
        firstChannel: 'X',
        graphLagSeconds: null,
        fallbackOnlySeconds: 2400,
        promises: [],
        timeAtLevel: seconds(0, 2400, expect.any(Number), 0, 0),
        levelChanges: [
          { channel: 'X', level: 'INVESTIGATING' },
          { channel: 'X', level: 'DEGRADED' },
        ],
      },
      EX500: {
        durationSeconds: 600,
        firstChannel: 'GRAPH',
        graphLagSeconds: 0,
        fallbackOnlySeconds: null,
        promises: [{ outcome: 'PENDING' }],
        timeAtLevel: seconds(0, 0, 0, 0, 600),
        levelChanges: [],
      },
    });
  });
});
