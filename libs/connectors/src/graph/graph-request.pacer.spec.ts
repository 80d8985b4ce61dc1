import type { Clock } from '../shared/clock.js';
import { GRAPH_REQUEST_BUDGET, GraphPacerRegistry } from './graph-request.pacer.js';

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
    expect(contoso.windows).toBe(GRAPH_REQUEST_BUDGET);
  });
});
