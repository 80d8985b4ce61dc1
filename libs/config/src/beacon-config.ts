import type { Secret } from './secret.js';

/** One tenant's app registration, used for the Graph channel. */
export interface GraphTenant {
  id: string;
  displayName: string;
  clientId: string;
  clientSecret: Secret;
}

/** The validated configuration every Beacon process runs with (see README, "Configuration"). */
export interface BeaconConfig {
  database: {
    /** An external PostgreSQL; null starts the embedded one under `dataDir`. */
    url: Secret | null;
    dataDir: string;
  };
  http: { host: string; port: number };
  graph: {
    /** Empty when Graph is not configured (the channel is DISABLED). The first is the default tenant. */
    tenants: GraphTenant[];
    baseUrl: string;
    authorityUrl: string;
    pollSeconds: number;
    staleSeconds: number;
  };
  statusSite: {
    /** null when the channel is DISABLED. */
    url: string | null;
    pollSeconds: number;
  };
  x: {
    /** null when the channel is DISABLED. */
    bearerToken: Secret | null;
    apiBaseUrl: string;
    username: string;
    pollSeconds: number;
  };
  /** How long one poll may take, waiting on rate limits included, before it is abandoned. */
  pollTimeoutSeconds: number;
  /** Empty: no key needed. */
  apiKeys: Secret[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
}
