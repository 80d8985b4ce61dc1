import { ConnectorError } from '../connector.error.js';
import type { Clock } from './clock.js';
import { RequestPacer } from './request.pacer.js';

/** Time moves only when someone sleeps. */
class FakeClock implements Clock {
  constructor(public time = 1_000_000) {}
  now(): number {
    return this.time;
  }
  async sleep(ms: number, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.time += ms;
  }
}

describe(RequestPacer.name, () => {
  const signal = new AbortController().signal;

  it('lets requests through at once while the window has room', async () => {
    const clock = new FakeClock();
    const sut = new RequestPacer('test', [{ limit: 3, periodMs: 10_000 }], clock);
    expect([
      await sut.acquire(signal, 60_000),
      await sut.acquire(signal, 60_000),
      await sut.acquire(signal, 60_000),
    ]).toEqual([0, 0, 0]);
  });

  it('makes the request over the limit wait until the oldest leaves the window', async () => {
    const clock = new FakeClock();
    const sut = new RequestPacer('test', [{ limit: 3, periodMs: 10_000 }], clock);
    for (let i = 0; i < 3; i++) await sut.acquire(signal, 60_000);
    clock.time += 4_000;
    expect(await sut.acquire(signal, 60_000)).toBe(6_000);
  });

  it('keeps every window of a two-window budget over a long run', async () => {
    const clock = new FakeClock();
    const windows = [
      { limit: 5, periodMs: 1_000 },
      { limit: 20, periodMs: 60_000 },
    ];
    const sut = new RequestPacer('test', windows, clock);
    const starts: number[] = [];
    for (let i = 0; i < 200; i++) {
      await sut.acquire(signal, Number.POSITIVE_INFINITY);
      starts.push(clock.time);
    }
    for (const { limit, periodMs } of windows) {
      for (const start of starts) {
        expect(starts.filter((t) => t >= start && t < start + periodMs).length).toBeLessThanOrEqual(limit);
      }
    }
    // And no slower than the budget allows: 200 requests at 20 per minute take about ten minutes.
    expect(clock.time - starts[0]!).toBeLessThanOrEqual(10 * 60_000);
  });

  it('fails a wait longer than the caller will hold, as throttled, without taking the slot', async () => {
    const clock = new FakeClock();
    const sut = new RequestPacer('Graph for tenant contoso', [{ limit: 1, periodMs: 60_000 }], clock);
    await sut.acquire(signal, 0);
    const refusal = sut.acquire(signal, 10_000);
    await expect(refusal).rejects.toThrow(ConnectorError);
    await expect(refusal).rejects.toMatchObject({
      kind: 'throttled',
      retryAfterMs: 60_000,
      message: 'Graph for tenant contoso: request budget spent, next request allowed in 60 s',
    });
    expect(sut.nextSlot()).toBe(clock.time + 60_000);
  });

  it('holds every request until the time the upstream named, never shortening a hold', async () => {
    const clock = new FakeClock();
    const sut = new RequestPacer('test', [], clock);
    sut.holdUntil(clock.time + 30_000);
    sut.holdUntil(clock.time + 5_000);
    expect(await sut.acquire(signal, 60_000)).toBe(30_000);
    expect(await sut.acquire(signal, 60_000)).toBe(0);
  });

  it('rejects with the abort reason and gives the slot back when the poll is aborted while waiting', async () => {
    const clock = new FakeClock();
    const sleeping: { reject?: (reason: unknown) => void } = {};
    clock.sleep = (_ms, waitSignal) =>
      new Promise((_resolve, reject) => {
        sleeping.reject = reject;
        waitSignal.addEventListener('abort', () => reject(waitSignal.reason));
      });
    const sut = new RequestPacer('test', [{ limit: 1, periodMs: 10_000 }], clock);
    await sut.acquire(signal, 60_000);
    const controller = new AbortController();
    const waiting = sut.acquire(controller.signal, 60_000);
    expect(sut.nextSlot()).toBe(clock.time + 10_000 + 10_000);
    controller.abort(new Error('poll deadline'));
    await expect(waiting).rejects.toThrow('poll deadline');
    expect(sut.nextSlot()).toBe(clock.time + 10_000);
  });

  it('refuses at once when the signal is already aborted', async () => {
    const sut = new RequestPacer('test', [], new FakeClock());
    await expect(sut.acquire(AbortSignal.abort(new Error('gone')), 60_000)).rejects.toThrow('gone');
  });
});
