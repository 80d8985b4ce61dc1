import { ConnectorError, GraphPacerRegistry, type Clock, type Connector } from '#connectors';
import type { ScenarioInput } from '../../../apps/simulator/src/index.js';
import { simulateUpstreams, type SimulatedUpstreams } from './simulated-upstreams.js';

const TENANTS = 50;
const MINUTE_LIMIT = 240;
const HOUR_LIMIT = 800;
/** Long enough for both of Graph's windows to bind: a poll needs several pages, so minutes fill first. */
const VIRTUAL_SECONDS = 420;

/** 50 tenants, each with enough issues that one poll takes several pages. */
const scenario: ScenarioInput = {
  name: 'graph-budget',
  startsAt: '2026-11-20T10:00:00Z',
  duration: 7200,
  tenants: Array.from({ length: TENANTS }, (_, index) => ({ name: `tenant${index}` })),
  graph: {
    issues: Array.from({ length: 6 }, (_, index) => ({
      id: `EX12100${10 + index}`,
      service: 'Exchange Online',
      title: `Mail delays ${index}`,
      startDateTime: '-3h',
      updates: [{ at: -60 * (index + 1), status: 'serviceRestored', post: 'Final status: resolved.' }],
    })),
  },
};

describe('Graph’s budget with 50 tenants polled every second', () => {
  let upstreams: SimulatedUpstreams;

  beforeAll(async () => {
    upstreams = await simulateUpstreams(scenario);
  });
  afterAll(() => upstreams.stop());

  it('is never exceeded: no 429 from Graph, at most 240 a minute and 800 an hour per tenant', async () => {
    // Beacon's pacers and the simulator's throttling count the same virtual time; waiting moves it.
    const clock: Clock = {
      now: upstreams.clock.now,
      sleep: async (ms) => upstreams.at(offsetNow() + ms / 1000),
    };
    const offsetNow = () => upstreams.simulator.timeline.moment().offset;
    const connectors: Connector[] = upstreams
      .connectors({ clock, graphPacers: new GraphPacerRegistry(clock), graphPageSize: 2 })
      .filter((connector) => connector.channel === 'GRAPH');
    expect(connectors).toHaveLength(TENANTS);

    const requests = new Map<string, number[]>(connectors.map((c) => [c.tenantId as string, []]));
    const nextPollAt = new Map<string, number>();
    const cursors = new Map<string, Record<string, unknown> | null>();
    const upstreamThrottles: string[] = [];
    // A poll's requests include the token's, which Entra serves outside Graph's budget: one per tenant
    // here, since a token lives an hour.
    const tokened = new Set<string>();
    const tokenRequest = (tenant: string) => (tokened.has(tenant) ? 0 : (tokened.add(tenant), 1));

    for (let second = 0; second < VIRTUAL_SECONDS; second++) {
      upstreams.at(Math.max(second, offsetNow()));
      for (const connector of connectors) {
        const tenant = connector.tenantId as string;
        if ((nextPollAt.get(tenant) ?? 0) > offsetNow()) continue;
        const startedAt = offsetNow();
        try {
          const result = await connector.poll({
            cursor: cursors.get(tenant) ?? null,
            signal: AbortSignal.timeout(10_000),
          });
          cursors.set(tenant, result.cursor);
          record(requests.get(tenant)!, startedAt, result.requests - tokenRequest(tenant));
          nextPollAt.set(tenant, startedAt + 1);
        } catch (error) {
          if (!(error instanceof ConnectorError)) throw error;
          if (error.httpStatus === 429) upstreamThrottles.push(tenant);
          record(requests.get(tenant)!, startedAt, (error.pollStats?.requests ?? 0) - tokenRequest(tenant));
          nextPollAt.set(tenant, startedAt + Math.max(1, (error.retryAfterMs ?? 0) / 1000));
        }
      }
    }

    // The referee: the simulator counts each request as it arrives, in both of Graph's windows, and
    // answers 429 past either limit.
    expect(upstreamThrottles).toEqual([]);
    for (const times of requests.values()) {
      expect(times.length).toBeGreaterThan(MINUTE_LIMIT); // the budget was used, not avoided
      // Counted here by poll, each poll's requests at its start: exact enough for the hour. (A poll that
      // waits for its budget spans several seconds, so the minute is the referee's to judge.)
      expect(mostInAnyWindow(times, 3600)).toBeLessThanOrEqual(HOUR_LIMIT);
    }
  });
});

/** Requests of one poll, counted at the poll's start. */
function record(times: number[], at: number, count: number): void {
  for (let i = 0; i < count; i++) times.push(at);
}

function mostInAnyWindow(times: number[], seconds: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let start = 0, end = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) >= seconds) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}
