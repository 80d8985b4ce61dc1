/**
 * A point of the story as the servers see it: where the scenario is (`offset`, seconds from its start) and
 * which wall-clock time offset 0 stands for in this loop (`originMs`), so that every timestamp served is
 * `originMs + offset * 1000`.
 */
export interface Moment {
  offset: number;
  originMs: number;
  iteration: number;
}

export function nowMs(moment: Moment): number {
  return timeAt(moment, moment.offset);
}

/** The wall-clock time of an offset of the story, in this loop. */
export function timeAt(moment: Moment, offset: number): number {
  return moment.originMs + offset * 1000;
}
