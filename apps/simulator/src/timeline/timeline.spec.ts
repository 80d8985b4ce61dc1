import { setTimeout as sleep } from 'node:timers/promises';
import { validateScenario } from '../scenario/scenario.loader.js';
import { SimClock } from './sim-clock.js';
import { Timeline } from './timeline.js';

const START = Date.parse('2026-11-20T10:00:00Z');

const scenario = validateScenario({
  name: 'timeline-spec',
  statusSite: {
    posts: {
      mac: [
        { at: '-1h', message: 'before the start', status: 'Available' },
        { at: 60, message: 'degraded', status: 'Service degradation' },
      ],
    },
  },
  x: {
    tweets: [
      { at: 60, text: 'first' },
      { at: '2m', text: 'second' },
    ],
  },
  faults: [{ channel: 'graph', kind: 'serverError', from: 30, for: 150 }],
});

describe(Timeline.name, () => {
  const sut = (loop = false) => new Timeline(scenario, new SimClock(START), loop);

  it('lists the steps from the start on, grouped by offset, history left out', () => {
    expect(sut().steps).toEqual([
      { at: 30, happenings: ['graph: serverError starts'] },
      { at: 60, happenings: ['status site mac: Service degradation', 'x: post "first"'] },
      { at: 120, happenings: ['x: post "second"'] },
      { at: 180, happenings: ['graph: serverError ends'] },
    ]);
  });

  it('lasts until a minute after the last step unless the scenario says', () => {
    expect(sut().duration).toBe(240);
  });

  it('stands still until moved', () => {
    const timeline = sut();

    expect(timeline.moment()).toEqual({ offset: 0, iteration: 0, originMs: START });
    expect(timeline.state()).toMatchObject({
      offset: 0,
      now: '2026-11-20T10:00:00.000Z',
      step: -1,
      running: false,
    });
  });

  it('steps from one change to the next and stays at the end', () => {
    const timeline = sut();

    expect([1, 2, 3, 4, 5].map(() => timeline.step().offset)).toEqual([30, 60, 120, 180, 180]);
    expect(timeline.state().step).toBe(3);
  });

  it('advances to an offset, by an amount, or to a step, backwards too', () => {
    const timeline = sut();

    expect(timeline.advanceTo(100).offset).toBe(100);
    expect(timeline.advanceBy(-40).offset).toBe(60);
    expect(timeline.goToStep(2).offset).toBe(120);
    expect(timeline.goToStep(0).offset).toBe(30);
    expect(() => timeline.goToStep(9)).toThrow(RangeError);
  });

  it('loops: the story restarts with the wall clock moved on by its duration', () => {
    const timeline = sut(true);

    expect(timeline.advanceTo(250)).toEqual({ offset: 10, iteration: 1, originMs: START + 240_000 });
    timeline.advanceTo(180);
    expect(timeline.step()).toEqual({ offset: 0, iteration: 1, originMs: START + 240_000 });
    expect(timeline.step().offset).toBe(30);
    expect(timeline.goToStep(1)).toEqual({ offset: 60, iteration: 1, originMs: START + 240_000 });
  });

  it('runs on its own at the chosen speed, and pauses', async () => {
    const timeline = sut();

    timeline.run(1000);
    await sleep(20);
    timeline.pause();
    const offset = timeline.moment().offset;

    expect(offset).toBeGreaterThanOrEqual(15);
    await sleep(5);
    expect(timeline.moment().offset).toBe(offset);
  });
});
