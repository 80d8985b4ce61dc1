import type { Clock } from '../shared/clock.js';
import { ConnectorError } from '../connector.error.js';
import { RequestPacer } from '../shared/request.pacer.js';
import { GRAPH_REQUEST_BUDGET, GraphPacerRegistry, type RequestBudget } from './graph-request.pacer.js';

class FakeClock implements Clock {
  time = Date.parse('2026-11-20T00:00:00Z');
  now(): number {
    return this.time;
  }
  async sleep(ms: number): Promise<void> {
    this.time += ms;
  }
}

/** The most requests in any window of `periodMs` (windows start at a request: that is where maxima are). */
function busiest(starts: number[], periodMs: number): number {
  return Math.max(...starts.map((start) => starts.filter((t) => t >= start && t < start + periodMs).length));
}

describe(GraphPacerRegistry.name, () => {
  const signal = new AbortController().signal;

  it('keeps 240 per minute and 800 per hour for a tenant polled as fast as it can be', async () => {
    const clock = new FakeClock();
    const pacer = new GraphPacerRegistry(clock).forTenant(
      'https://login.microsoftonline.com',
      'contoso',
      'app',
    );
    const starts: number[] = [];
    for (let i = 0; i < 2_000; i++) {
      await pacer.acquire(signal, Number.POSITIVE_INFINITY);
      starts.push(clock.time);
    }
    expect(busiest(starts, 60_000)).toBeLessThanOrEqual(240);
    expect(busiest(starts, 3_600_000)).toBeLessThanOrEqual(800);
  });

  it('gives each tenant its own budget, and one tenant one pacer however often it is asked for', () => {
    const sut = new GraphPacerRegistry(new FakeClock());
    const contoso = sut.forTenant('https://login.microsoftonline.com', 'contoso', 'app');
    expect(sut.forTenant('https://login.microsoftonline.com/', 'CONTOSO', 'APP')).toBe(contoso);
    expect(sut.forTenant('https://login.microsoftonline.com', 'fabrikam', 'app')).not.toBe(contoso);
    expect(contoso).toBeInstanceOf(RequestPacer);
    expect((contoso as RequestPacer).windows).toBe(GRAPH_REQUEST_BUDGET);
  });

  describe('with a shared budget', () => {
    /** A budget that answers what it is told to and records what it was asked. */
    class ScriptedBudget implements RequestBudget {
      readonly asked: Array<{ key: string; maxWaitMs: number }> = [];
      readonly holds: Array<{ key: string; delayMs: number }> = [];
      constructor(private readonly answer: { granted: boolean; waitMs: number }) {}
      async reserve(key: string, windows: unknown, maxWaitMs: number) {
        expect(windows).toBe(GRAPH_REQUEST_BUDGET);
        this.asked.push({ key, maxWaitMs });
        return this.answer;
      }
      async holdFor(key: string, delayMs: number) {
        this.holds.push({ key, delayMs });
      }
    }

    it('reserves each request there, under the tenant’s key, and waits what it says', async () => {
      const clock = new FakeClock();
      const budget = new ScriptedBudget({ granted: true, waitMs: 1500 });
      const sut = new GraphPacerRegistry(clock, budget);
      const contoso = sut.forTenant('https://login.microsoftonline.com/', 'Contoso', 'app');
      expect(sut.forTenant('https://login.microsoftonline.com', 'contoso', 'APP')).toBe(contoso);
      const before = clock.time;
      expect(await contoso.acquire(signal, 5000)).toBe(1500);
      expect(clock.time - before).toBe(1500);
      await contoso.holdUntil(clock.time + 30_000);
      await sut.forTenant('https://login.microsoftonline.com', 'fabrikam', 'app').acquire(signal, 5000);
      const [first, second] = budget.asked.map((ask) => ask.key);
      expect(first).toBe('graph:["https://login.microsoftonline.com","contoso","app"]');
      expect(second).not.toBe(first);
      expect(budget.holds).toEqual([{ key: first, delayMs: 30_000 }]);
    });

    it('fails as throttled, without waiting, when the budget grants nothing soon enough', async () => {
      const clock = new FakeClock();
      const sut = new GraphPacerRegistry(clock, new ScriptedBudget({ granted: false, waitMs: 42_000 }));
      const pacer = sut.forTenant('https://login.microsoftonline.com', 'contoso', 'app');
      const before = clock.time;
      const error = await pacer.acquire(signal, 10_000).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectorError);
      expect(error).toMatchObject({ kind: 'throttled', retryAfterMs: 42_000 });
      expect(clock.time).toBe(before);
    });
  });
});
