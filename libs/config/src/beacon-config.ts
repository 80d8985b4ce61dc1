import type { Secret } from './secret.js';

/** One tenant's app registration, used for the Graph channel. */
export interface GraphTenant {
  id: string;
  displayName: string;
  clientId: string;
  credential: GraphCredential;
}

/**
 * How the app proves itself to Entra: a client secret, or a certificate registered with the app whose
 * private key signs a client assertion (what Microsoft recommends for app-only access).
 */
export type GraphCredential =
  { kind: 'secret'; clientSecret: Secret } | { kind: 'certificate'; certificate: GraphCertificate };

export interface GraphCertificate {
  /** The X.509 certificate (PEM) as uploaded to the app registration: its thumbprint names the key. */
  certificatePem: string;
  /** Its RSA private key (PEM). */
  privateKey: Secret;
}

/** One connection pool: its size and how long its statements, lock waits and idle transactions may last. */
export interface DatabasePool {
  size: number;
  /** `statement_timeout`, and `idle_in_transaction_session_timeout`: an idle transaction may wait as long. */
  statementTimeoutSeconds: number;
  lockTimeoutSeconds: number;
}

/** The validated configuration every Beacon process runs with (see README, "Configuration"). */
export interface BeaconConfig {
  database: {
    /** An external PostgreSQL; null starts the embedded one under `dataDir`. */
    url: Secret | null;
    dataDir: string;
    /** The API's reads and the writers (polls, jobs, tasks) each have a pool of their own. */
    pools: { read: DatabasePool; write: DatabasePool };
  };
  /** Days of history kept; older rows are pruned by the ingestor. */
  retention: { pollRunsDays: number; statusChangesDays: number };
  http: { host: string; port: number };
  graph: {
    /** Empty when Graph is not configured (the channel is DISABLED). The first is the default tenant. */
    tenants: GraphTenant[];
    /** `TENANTS_FILE`, watched by the ingestor: its tenants change without a restart. */
    tenantsFile: string | null;
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
  /** Bootstrap admin keys (of every tenant); more keys live in the database (`npm run keys`). */
  apiKeys: Secret[];
  access: {
    /** Origins besides the page's own whose browsers may open a WebSocket (e.g. a dashboard's). */
    allowedOrigins: string[];
    /** GraphQL requests a minute per key, and per client address; 0: no limit. */
    rateLimitPerKey: number;
    rateLimitPerAddress: number;
    /** Open GraphQL WebSockets one key may hold in a process (a page shared by a help desk holds many). */
    connectionsPerKey: number;
  };
  /** Key of the admin-added tenants' credentials at rest (AES-256-GCM); null: no such tenants can be stored. */
  tenantCredentialsKey: Secret | null;
  /** Label metrics by tenant (off: an MSP's scrape does not list its customers). */
  metricsTenantLabels: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  /** Notifications (issue 15): how the dispatcher holds, retries and paces deliveries. */
  notifications: {
    /** A change must hold this long before it is announced; a burst within it becomes one message. */
    holdSeconds: number;
    /** Attempts before a delivery is dead-lettered. */
    maxAttempts: number;
    /** Backoff after the n-th failure: base × 2^(n-1), jittered ±50 %, at most max. */
    retryBaseMs: number;
    retryMaxMs: number;
    /** How long one send may take. */
    timeoutSeconds: number;
    /** Targets sent to at once by one process (each target gets one delivery at a time). */
    concurrency: number;
    /** How often the dispatcher looks for due deliveries. */
    pollMs: number;
    /** Slack's Web API root (chat.postMessage, chat.update); a test points it at a loopback receiver. */
    slackApiBaseUrl: string;
    /** How often one process looks for time-driven notifications (degraded mode, sources down, digests). */
    timeCheckMs: number;
    /** How long one of a rule's `sourceDownMinutes` lasts: a minute, shorter in tests. */
    sourceDownMinuteMs: number;
  };
}
