import { RepeatingTask } from './repeating-task.js';

const HOUR_MS = 3600_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A round the test ends when it chooses, to act while it runs. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Rounds that count themselves and their overlap; each waits for its gate, then asks for `nextMs`. */
function rounds(nextMs: (round: number) => number) {
  const gates: ReturnType<typeof gate>[] = [];
  const state = {
    started: 0,
    ended: 0,
    inFlight: 0,
    maxInFlight: 0,
    /** Ends round `number` (1 is the first). */
    end: (number: number) => gates[number - 1]?.open(),
  };
  const round = async () => {
    const number = ++state.started;
    const own = gate();
    gates.push(own);
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    await own.opened;
    state.inFlight--;
    state.ended++;
    return nextMs(number);
  };
  return { state, round };
}

/** Waits for `condition`, failing after a while rather than at Jest's time-out. */
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 2) {
    if (waited > 2000) throw new Error('condition never met');
    await sleep(2);
  }
}

const timersHeld = () => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;

describe('RepeatingTask', () => {
  it('waits the first delay, then the delay each round asks for, counted from its end', async () => {
    const { state, round } = rounds((number) => (number < 3 ? 0 : HOUR_MS));
    const task = new RepeatingTask({ round, failed: () => HOUR_MS });
    task.start(20);
    await sleep(5);
    expect(state.started).toBe(0);
    await until(() => state.started === 1);
    state.end(1);
    await until(() => state.started === 2);
    state.end(2);
    await until(() => state.started === 3);
    state.end(3);
    await until(() => state.ended === 3);
    await sleep(30);
    expect(state.started).toBe(3);
    await task.stop();
  });

  it('never overlaps rounds, however often it is woken', async () => {
    const { state, round } = rounds(() => 0);
    const task = new RepeatingTask({ round, failed: () => 0 });
    task.start(0);
    for (let i = 0; i < 5; i++) {
      await until(() => state.started === i + 1);
      task.wake();
      task.wake();
      await sleep(5);
      state.end(i + 1);
    }
    await until(() => state.started === 6);
    expect(state.maxInFlight).toBe(1);
    const stopped = task.stop();
    state.end(6);
    await stopped;
  });

  it('woken during a round, runs exactly one more right after it, then waits again', async () => {
    const { state, round } = rounds(() => HOUR_MS);
    const task = new RepeatingTask({ round, failed: () => HOUR_MS });
    task.start(0);
    await until(() => state.started === 1);
    task.wake();
    task.wake();
    task.wake();
    state.end(1);
    await until(() => state.started === 2);
    state.end(2);
    await until(() => state.ended === 2);
    await sleep(30);
    expect(state.started).toBe(2);
    await task.stop();
  });

  it('woken while waiting, runs at once instead of at the delay', async () => {
    const { state, round } = rounds(() => HOUR_MS);
    const task = new RepeatingTask({ round, failed: () => HOUR_MS });
    task.start(HOUR_MS);
    await sleep(10);
    expect(state.started).toBe(0);
    task.wake();
    await until(() => state.started === 1);
    state.end(1);
    await until(() => state.ended === 1);
    task.wake();
    await until(() => state.started === 2);
    state.end(2);
    await task.stop();
    expect(state.started).toBe(2);
  });

  it('stop resolves only when the running round has ended, and starts none after it', async () => {
    const { state, round } = rounds(() => 0);
    const task = new RepeatingTask({ round, failed: () => 0 });
    task.start(0);
    await until(() => state.started === 1);
    task.wake();
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    expect(task.stopped).toBe(true);
    await sleep(20);
    expect(stopped).toBe(false);
    state.end(1);
    await stopping;
    expect(state.ended).toBe(1);
    task.wake();
    await sleep(30);
    expect(state.started).toBe(1);
  });

  it('stop before the first round starts none', async () => {
    const { state, round } = rounds(() => 0);
    const task = new RepeatingTask({ round, failed: () => 0 });
    task.start(10);
    await task.stop();
    await sleep(30);
    expect(state.started).toBe(0);
  });

  it('hands a failed round to `failed` and goes on after the delay it gives', async () => {
    const failures: unknown[] = [];
    let calls = 0;
    const task = new RepeatingTask({
      round: async () => {
        calls++;
        if (calls === 1) throw new Error('database down');
        return HOUR_MS;
      },
      failed: (error) => {
        failures.push(error);
        return 0;
      },
    });
    task.start(0);
    await until(() => calls === 2);
    expect(failures).toEqual([new Error('database down')]);
    await sleep(30);
    expect(calls).toBe(2);
    await task.stop();
  });

  it('lets the process exit while it waits when asked to (unref), and holds it otherwise', async () => {
    const before = timersHeld();
    const unrefed = new RepeatingTask({ round: async () => HOUR_MS, failed: () => HOUR_MS, unref: true });
    unrefed.start(HOUR_MS);
    expect(timersHeld()).toBe(before);
    const held = new RepeatingTask({ round: async () => HOUR_MS, failed: () => HOUR_MS });
    held.start(HOUR_MS);
    expect(timersHeld()).toBe(before + 1);
    await Promise.all([unrefed.stop(), held.stop()]);
    expect(timersHeld()).toBe(before);
  });
});
