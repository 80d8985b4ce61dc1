import type { PollResult } from '#connectors';
import type { ScenarioInput } from '../../../apps/simulator/src/index.js';
import {
  only,
  poll,
  pollFailure,
  simulateUpstreams,
  type SimulatedUpstreams,
} from './simulated-upstreams.js';

const EXCHANGE_ISSUES = 25;

/** Two tenants; 25 resolved Exchange issues an hour old; a Teams incident that starts during the test. */
const scenario: ScenarioInput = {
  name: 'connectors-graph',
  startsAt: '2026-11-20T10:00:00Z',
  duration: 3600,
  tenants: [{ name: 'contoso', displayName: 'Contoso Ltd.' }, { name: 'fabrikam' }],
  graph: {
    issues: [
      ...Array.from({ length: EXCHANGE_ISSUES }, (_, index) => ({
        id: `EX12000${10 + index}`,
        service: 'Exchange Online',
        title: `Mail delays ${index}`,
        startDateTime: '-3h',
        updates: [{ at: -60 * (index + 1), status: 'serviceRestored', post: 'Final status: resolved.' }],
      })),
      {
        id: 'TM1201502',
        tenants: ['contoso'],
        service: 'Microsoft Teams',
        title: 'Users may be unable to join Microsoft Teams meetings',
        startDateTime: 30,
        updates: [
          { at: 60, status: 'investigating', post: "Current status: We're investigating." },
          { at: 1005, status: 'serviceDegradation', post: "Current status: We've identified the cause." },
        ],
      },
    ],
    messages: [
      {
        id: 'MC1180442',
        at: '-1d',
        title: 'Microsoft Teams: new meeting recap retention setting',
        category: 'planForChange',
        body: '<p>A new setting lets admins choose how long meeting recaps are kept.</p>',
        endDateTime: '30d',
      },
    ],
  },
  faults: [
    { channel: 'graph', kind: 'serverError', status: 503, from: 1000, for: 10 },
    { channel: 'graph', kind: 'throttled', retryAfter: 30, from: 1100, for: 10 },
    { channel: 'graph', kind: 'timeout', endpoints: ['issues'], from: 1200, for: 10 },
    { channel: 'graph', kind: 'truncated', endpoints: ['issues'], from: 1300, for: 10 },
    { channel: 'graph', kind: 'malformed', endpoints: ['healthOverviews'], from: 1400, for: 10 },
    { channel: 'graph', kind: 'htmlShell', from: 1500, for: 10 },
    { channel: 'graph', kind: 'expiredCredentials', tenants: ['contoso'], from: 1600, for: 10 },
    { channel: 'graph', kind: 'forbidden', tenants: ['contoso'], from: 1700, for: 10 },
    { channel: 'graph', kind: 'revokedCredentials', tenants: ['contoso'], from: 1800, for: 10 },
    { channel: 'graph', kind: 'serverError', status: 504, endpoints: ['token'], from: 1900, for: 10 },
  ],
};

/** The issues of a poll as [id, status], in id order; with `seen`, only those not already in it. */
const issues = (result: PollResult, seen?: PollResult) =>
  result.signals
    .filter((signal) => signal.kind === 'graph.issue')
    .filter((signal) => !seen?.signals.some((old) => old.contentHash === signal.contentHash))
    .map((signal) => [signal.externalId, signal.payload.status])
    .sort(([a], [b]) => String(a).localeCompare(String(b)));

describe('Graph connector against the simulator', () => {
  let upstreams: SimulatedUpstreams;
  let contosoId: string;

  beforeAll(async () => {
    upstreams = await simulateUpstreams(scenario);
    contosoId = upstreams.simulator.simulator.scenario.tenants[0]!.id;
  });
  afterAll(() => upstreams.stop());
  beforeEach(() => upstreams.at(0));

  const contoso = (options = {}) => only(upstreams.connectors(options), 'GRAPH', contosoId);

  it('gives one connector per tenant of TENANTS_FILE', () => {
    const tenants = upstreams.simulator.simulator.scenario.tenants.map((tenant) => tenant.id);
    expect(
      upstreams
        .connectors()
        .filter((c) => c.channel === 'GRAPH')
        .map((c) => c.tenantId),
    ).toEqual(tenants);
  });

  it('reads every collection in full on the first poll', async () => {
    const result = await poll(contoso());
    const kinds = result.signals.map((signal) => signal.kind);
    expect(kinds.filter((kind) => kind === 'graph.healthOverview').length).toBeGreaterThan(0);
    expect(kinds.filter((kind) => kind === 'graph.issue')).toHaveLength(EXCHANGE_ISSUES);
    expect(result.signals.filter((s) => s.kind === 'graph.message').map((s) => s.externalId)).toEqual([
      'MC1180442',
    ]);
    expect(result.signals.every((signal) => signal.tenantId === contosoId)).toBe(true);
    expect(result.cursor).toEqual({
      issuesModifiedSince: '2026-11-20T09:59:00.000Z',
      messagesModifiedSince: '2026-11-19T10:00:00.000Z',
    });
    expect(result.partial).toBeUndefined();
  });

  it('follows every next link', async () => {
    const result = await poll(contoso({ graphPageSize: 10 }));
    expect(result.signals.filter((signal) => signal.kind === 'graph.issue')).toHaveLength(EXCHANGE_ISSUES);
    // The token, healthOverviews, three pages of issues, messages.
    expect(result.requests).toBe(6);
  });

  it('reads what changed since the cursor (and an overlap the store drops), catching up after a failure with no gap', async () => {
    const connector = contoso();
    const first = await poll(connector);
    upstreams.at(90);
    const second = await poll(connector, first.cursor);
    // The overlap re-reads issues modified in the ten minutes before the cursor, unchanged: same hashes.
    expect(issues(second).length).toBeGreaterThan(2);
    expect(issues(second)).toContainEqual(['EX1200010', 'serviceRestored']);
    expect(issues(second, first)).toEqual([['TM1201502', 'investigating']]);
    upstreams.at(1005);
    expect((await pollFailure(connector, second.cursor)).kind).toBe('unavailable');
    upstreams.at(1020);
    const third = await poll(connector, second.cursor);
    expect(issues(third, second)).toEqual([['TM1201502', 'serviceDegradation']]);
    expect(third.cursor).toMatchObject({ issuesModifiedSince: '2026-11-20T10:16:45.000Z' });
  });

  it.each([
    [1000, 'a 503', 'unavailable'],
    [1200, 'no answer', 'timeout'],
    [1300, 'a body cut short', 'unavailable'],
    [1400, 'JSON cut short', 'malformed'],
    [1500, 'a sign-in page under a 200', 'malformed'],
    [1600, 'an expired secret', 'authentication'],
    [1700, 'a 403', 'authentication'],
    [1800, 'a revoked secret', 'authentication'],
    [1900, 'a 504 from the token endpoint', 'unavailable'],
  ])('at %i s, classifies %s as %s', async (offset, _case, kind) => {
    upstreams.at(offset);
    const error = await pollFailure(contoso());
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(/^Graph (GET \w+|token request) for tenant /);
    expect(error.message).not.toContain(upstreams.simulator.simulator.scenario.tenants[0]!.clientSecret);
  });

  it('says why the token was refused', async () => {
    upstreams.at(1600);
    expect((await pollFailure(contoso())).message).toBe(
      `Graph token request for tenant ${contosoId}: 401 invalid_client (AADSTS7000222)`,
    );
  });

  it('fails as throttled on a 429, then holds the tenant without asking until Retry-After has passed', async () => {
    const connector = contoso();
    upstreams.at(1100);
    const throttled = await pollFailure(connector);
    expect(throttled).toMatchObject({ kind: 'throttled', retryAfterMs: 30_000, httpStatus: 429 });
    upstreams.at(1120);
    const held = await pollFailure(connector);
    expect(held.kind).toBe('throttled');
    expect(held.message).toMatch(/request budget spent, next request allowed in (29|30) s$/);
    expect(held.pollStats).toEqual({ requests: 0, throttledMs: 0 });
  });

  it('stops at the poll time-out', async () => {
    upstreams.at(1200);
    const error = await contoso({ requestTimeoutMs: 10_000 })
      .poll({ cursor: null, signal: AbortSignal.timeout(1_000) })
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ kind: 'timeout', message: expect.stringContaining('poll aborted') });
  });
});
