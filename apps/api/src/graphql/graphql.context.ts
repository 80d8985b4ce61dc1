import type { ConnectionLimits } from '../auth/connection-limits.js';
import type { Principal } from '../auth/principal.js';
import type { RequestLoaders } from './request-loaders.factory.js';

/** What every resolver receives as its context (besides what Mercurius adds). */
export interface GraphqlContext {
  loaders: RequestLoaders;
  /** Who the request acts as: its key's role and tenants (see auth/). */
  principal: Principal;
  /** Subscriptions only: the connection's share of its key's limits. */
  limits?: ConnectionLimits;
}
