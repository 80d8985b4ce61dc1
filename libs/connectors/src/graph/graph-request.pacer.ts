import { ConnectorError } from '../connector.error.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { RequestPacer, type RateWindow } from '../shared/request.pacer.js';

/**
 * Graph's service-communications budget, per app per tenant, for everything under
 * /admin/serviceAnnouncement/: 240 requests per 60 s and 800 per hour (upstreams.md §1). Each window is two
 * seconds longer than Graph's so that network jitter between our send and Graph's count never tips a
 * window over.
 */
export const GRAPH_REQUEST_BUDGET: readonly RateWindow[] = [
  { limit: 240, periodMs: 62_000 },
  { limit: 800, periodMs: 3_602_000 },
];

/** What the Graph client asks before each request, and tells when Graph says "slow down". */
export interface GraphPacer {
  /** Waits for the next request's slot; resolves with the milliseconds waited (see RequestPacer). */
  acquire(signal: AbortSignal, maxWaitMs: number): Promise<number>;
  /** Holds every request of the tenant until `epochMs`. */
  holdUntil(epochMs: number): void | Promise<void>;
}

/**
 * A budget kept outside this process, shared by every process that spends it (libs/ingestion keeps it in
 * PostgreSQL): when a tenant's source moves from one process to another, its budget stays where it was.
 * Connectors never touch the database; this is their port to it.
 */
export interface RequestBudget {
  /**
   * Reserves the next request of `key` under `windows` if it may start within `maxWaitMs`: resolves with
   * the wait before it may be sent, or, when that wait is longer, reserves nothing and resolves with the
   * wait and `granted: false`.
   */
  reserve(
    key: string,
    windows: readonly RateWindow[],
    maxWaitMs: number,
  ): Promise<{ granted: boolean; waitMs: number }>;
  /** Holds every request of `key` for `delayMs` from now; a shorter hold never cuts a longer one. */
  holdFor(key: string, delayMs: number): Promise<void>;
}

/** A tenant's Graph budget spent through a shared RequestBudget: the slot is reserved there, waited here. */
export class SharedBudgetPacer implements GraphPacer {
  constructor(
    /** Names the upstream in error messages, e.g. `Graph for tenant contoso`. */
    readonly label: string,
    private readonly key: string,
    private readonly budget: RequestBudget,
    private readonly clock: Clock,
  ) {}

  async acquire(signal: AbortSignal, maxWaitMs: number): Promise<number> {
    signal.throwIfAborted();
    const { granted, waitMs } = await this.budget.reserve(this.key, GRAPH_REQUEST_BUDGET, maxWaitMs);
    if (!granted) {
      throw new ConnectorError(
        'throttled',
        `${this.label}: request budget spent, next request allowed in ${Math.ceil(waitMs / 1000)} s`,
        waitMs,
      );
    }
    // An aborted wait keeps its reservation: a slot counted but never used errs on the budget's side.
    if (waitMs > 0) await this.clock.sleep(waitMs, signal);
    return waitMs;
  }

  holdUntil(epochMs: number): Promise<void> {
    return this.budget.holdFor(this.key, epochMs - this.clock.now());
  }
}

/**
 * One pacer per app and tenant, shared by every connector of the process that talks to it: the budget is
 * the tenant's, not a connector instance's, so two connectors for one tenant must not each spend it all.
 * Given a shared `budget`, the pacers spend from it (several processes); without, they pace in memory.
 */
export class GraphPacerRegistry {
  readonly #pacers = new Map<string, GraphPacer>();

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly budget?: RequestBudget,
  ) {}

  forTenant(authorityUrl: string, tenantId: string, clientId: string): GraphPacer {
    const authority = authorityUrl.replace(/\/+$/, '').toLowerCase();
    const key = JSON.stringify([authority, tenantId.toLowerCase(), clientId.toLowerCase()]);
    let pacer = this.#pacers.get(key);
    if (!pacer) {
      const label = `Graph for tenant ${tenantId}`;
      pacer = this.budget
        ? new SharedBudgetPacer(label, `graph:${key}`, this.budget, this.clock)
        : new RequestPacer(label, GRAPH_REQUEST_BUDGET, this.clock);
      this.#pacers.set(key, pacer);
    }
    return pacer;
  }
}

/** The process-wide registry used unless a caller brings its own (a spec, a test with its own clock). */
export const sharedGraphPacers = new GraphPacerRegistry();
