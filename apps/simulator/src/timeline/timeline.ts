import type { Scenario } from '../scenario/scenario.schema.js';
import { nowMs, type Moment } from './moment.js';
import { scenarioSteps, type TimelineStep } from './scenario-steps.js';
import type { SimClock } from './sim-clock.js';

export interface TimelineState {
  scenario: string;
  /** Seconds from the start of the current loop. */
  offset: number;
  iteration: number;
  now: string;
  duration: number;
  loop: boolean;
  running: boolean;
  speed: number;
  /** Index in `steps` of the last step reached, -1 before the first. */
  step: number;
  steps: TimelineStep[];
}

/**
 * Where the story is. Everything the servers answer is a function of the moment this returns, so moving
 * the clock (forwards, backwards, to a step) is all it takes to replay any part of a scenario.
 */
export class Timeline {
  readonly steps: TimelineStep[];
  readonly duration: number;

  constructor(
    readonly scenario: Scenario,
    readonly clock: SimClock,
    readonly loop: boolean,
  ) {
    this.steps = scenarioSteps(scenario);
    const lastChange = this.steps.at(-1)?.at ?? 0;
    this.duration = scenario.duration ?? Math.max(60, lastChange + 60);
  }

  moment(): Moment {
    const elapsed = this.clock.elapsed();
    const iteration = this.loop ? Math.floor(elapsed / this.duration) : 0;
    const offset = elapsed - iteration * this.duration;
    return { offset, iteration, originMs: this.clock.startsAtMs + iteration * this.duration * 1000 };
  }

  /** Moves to the next step; when looping, past the last one to the start of the next loop. */
  step(): Moment {
    const { offset, iteration } = this.moment();
    const next = this.steps.find((step) => step.at > offset);
    if (next) return this.advanceTo(iteration * this.duration + next.at);
    return this.loop ? this.advanceTo((iteration + 1) * this.duration) : this.moment();
  }

  /** Seconds since the scenario's first start (across loops); may go backwards. */
  advanceTo(seconds: number): Moment {
    this.clock.set(seconds);
    return this.moment();
  }

  advanceBy(seconds: number): Moment {
    return this.advanceTo(this.clock.elapsed() + seconds);
  }

  /** Jumps to a step of the current loop. */
  goToStep(index: number): Moment {
    const step = this.steps[index];
    if (!step) throw new RangeError(`no step ${index}: the scenario has ${this.steps.length}`);
    return this.advanceTo(this.moment().iteration * this.duration + step.at);
  }

  /** Lets time pass on its own, `speed` scenario seconds per real second. */
  run(speed?: number): void {
    this.clock.run(speed);
  }

  pause(): void {
    this.clock.pause();
  }

  state(): TimelineState {
    const moment = this.moment();
    return {
      scenario: this.scenario.name,
      offset: moment.offset,
      iteration: moment.iteration,
      now: new Date(nowMs(moment)).toISOString(),
      duration: this.duration,
      loop: this.loop,
      running: this.clock.running,
      speed: this.clock.speed,
      step: this.steps.findLastIndex((step) => step.at <= moment.offset),
      steps: this.steps,
    };
  }
}
