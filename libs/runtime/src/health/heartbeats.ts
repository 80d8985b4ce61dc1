import { Injectable } from '@nestjs/common';

export interface Overdue {
  name: string;
  /** How long past the time its next beat was due. */
  overdueMs: number;
}

/**
 * The work loops of this process (the poll scheduler, the correlator) beat here after each round of work
 * done, saying when the next is due at the latest; readiness fails while one of them is overdue. A loop
 * that has not beaten yet is owed nothing: start-up is not a stall, and a process without such loops
 * (the API alone) is ready on its database alone.
 */
@Injectable()
export class Heartbeats {
  private readonly dueBy = new Map<string, number>();

  /** `name` got a round of work done; its next is due within `withinMs` (the latest promise wins). */
  beat(name: string, withinMs: number, now = Date.now()): void {
    this.dueBy.set(name, Math.max(this.dueBy.get(name) ?? 0, now + withinMs));
  }

  overdue(now = Date.now()): Overdue[] {
    return [...this.dueBy]
      .filter(([, dueBy]) => dueBy < now)
      .map(([name, dueBy]) => ({ name, overdueMs: now - dueBy }));
  }
}
