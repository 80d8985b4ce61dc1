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

/**
 * One pacer per app and tenant, shared by every connector of the process that talks to it: the budget is
 * the tenant's, not a connector instance's, so two connectors for one tenant must not each spend it all.
 */
export class GraphPacerRegistry {
  readonly #pacers = new Map<string, RequestPacer>();

  constructor(private readonly clock: Clock = systemClock) {}

  forTenant(authorityUrl: string, tenantId: string, clientId: string): RequestPacer {
    const authority = authorityUrl.replace(/\/+$/, '').toLowerCase();
    const key = JSON.stringify([authority, tenantId.toLowerCase(), clientId.toLowerCase()]);
    let pacer = this.#pacers.get(key);
    if (!pacer) {
      pacer = new RequestPacer(`Graph for tenant ${tenantId}`, GRAPH_REQUEST_BUDGET, this.clock);
      this.#pacers.set(key, pacer);
    }
    return pacer;
  }
}

/** The process-wide registry used unless a caller brings its own (a spec, a test with its own clock). */
export const sharedGraphPacers = new GraphPacerRegistry();
