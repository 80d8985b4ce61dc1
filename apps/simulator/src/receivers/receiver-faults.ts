import { z } from 'zod';

/**
 * How a receiver fails on demand: `serverError` answers 500 (SMTP: 451 after the data), `throttled` answers
 * 429 with `Retry-After` (SMTP: 421 at connect), `down` drops the connection without a word.
 */
export const receiverFaultSchema = z.strictObject({
  /** A target path prefix (`/teams`, `/slack/api`, `/webhooks/ops`), `smtp`, or `*` for everything. */
  target: z.string().min(1).default('*'),
  respond: z.enum(['serverError', 'throttled', 'down']),
  /** The HTTP status of `serverError` (500 by default). */
  status: z.number().int().min(500).max(599).optional(),
  /** `Retry-After` in seconds for `throttled` (30 by default). */
  retryAfter: z.number().int().min(0).optional(),
  /** Fail only the next `times` requests. */
  times: z.number().int().positive().optional(),
  /** Fail for this many seconds of wall-clock time. Neither `times` nor `seconds`: until cleared. */
  seconds: z.number().positive().optional(),
});

export type ReceiverFaultInput = z.input<typeof receiverFaultSchema>;
export type ReceiverFault = z.output<typeof receiverFaultSchema>;

interface ActiveFault {
  fault: ReceiverFault;
  left: number;
  untilMs: number;
}

/** The faults in force, newest first: the newest that matches a target decides. */
export class ReceiverFaults {
  #active: ActiveFault[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  add(input: ReceiverFaultInput): ReceiverFault {
    const fault = receiverFaultSchema.parse(input);
    this.#active.unshift({
      fault,
      left: fault.times ?? Infinity,
      untilMs: fault.seconds === undefined ? Infinity : this.now() + fault.seconds * 1000,
    });
    return fault;
  }

  /**
   * The fault that breaks this request to `target`, if any (a `times` fault is used up by it); `kinds`
   * limits the answer to the faults a protocol can show at this point of its exchange.
   */
  take(target: string, kinds?: ReceiverFault['respond'][]): ReceiverFault | undefined {
    const now = this.now();
    this.#active = this.#active.filter((active) => active.left > 0 && active.untilMs > now);
    const match = this.#active.find(
      ({ fault }) => covers(fault.target, target) && (kinds === undefined || kinds.includes(fault.respond)),
    );
    if (match === undefined) return undefined;
    match.left -= 1;
    return match.fault;
  }

  active(): (ReceiverFault & { left: number | null; until: string | null })[] {
    const now = this.now();
    return this.#active
      .filter((active) => active.left > 0 && active.untilMs > now)
      .map(({ fault, left, untilMs }) => ({
        ...fault,
        left: Number.isFinite(left) ? left : null,
        until: Number.isFinite(untilMs) ? new Date(untilMs).toISOString() : null,
      }));
  }

  clear(): void {
    this.#active = [];
  }
}

function covers(prefix: string, target: string): boolean {
  if (prefix === '*') return true;
  if (prefix === 'smtp') return target === 'smtp';
  return target === prefix || target.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);
}
