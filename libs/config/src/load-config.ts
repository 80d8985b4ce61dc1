import { resolve } from 'node:path';
import { z } from 'zod';
import type { BeaconConfig, GraphTenant } from './beacon-config.js';
import { ConfigError, type ConfigProblem } from './config.error.js';
import { Secret } from './secret.js';
import { readTenantsFile } from './tenants-file.js';
import { describeZodError } from './zod-error.js';

type Env = Record<string, string | undefined>;

const integer = (min: number, max: number) => {
  const error = `expected an integer from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};
const port = integer(1, 65535);
const seconds = integer(1, 86_400);
const httpUrl = z.url({ protocol: /^https?$/ });
const postgresUrl = z.url({ protocol: /^postgres(ql)?$/ });
const flag = z
  .enum(['true', 'false'], { error: 'expected true or false' })
  .transform((value) => value === 'true');
/** Comma-separated origins (scheme, host, port), e.g. https://dashboard.example.com. */
const origins = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.url({ protocol: /^https?$/ }).transform((url) => new URL(url).origin)));
const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']);

const SECRET_VARIABLES = new Set([
  'DATABASE_URL',
  'GRAPH_CLIENT_SECRET',
  'X_BEARER_TOKEN',
  'API_KEYS',
  'TENANT_CREDENTIALS_KEY',
]);
/** 32 bytes, base64: the AES-256 key of admin-added tenants' credentials. */
const credentialsKey = z.string().refine((value) => Buffer.from(value, 'base64').length === 32, {
  error: 'expected 32 random bytes in base64 (e.g. `openssl rand -base64 32`)',
});

/**
 * Reads and validates every variable at once, so that one start-up failure names every bad variable.
 * Secret values never appear in the problems it reports.
 */
export function loadConfig(env: Env = process.env): BeaconConfig {
  const problems: ConfigProblem[] = [];

  const read = <T>(name: string, schema: z.ZodType<T>, fallback: string): T => {
    const raw = env[name] === undefined || env[name] === '' ? fallback : env[name];
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    const shown = SECRET_VARIABLES.has(name) ? '' : ` (got ${JSON.stringify(raw)})`;
    problems.push({ variable: name, reason: describeZodError(parsed.error) + shown });
    return undefined as T;
  };
  const optional = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);

  const databaseUrl = optional('DATABASE_URL');
  if (databaseUrl !== undefined) read('DATABASE_URL', postgresUrl, '');

  const graphPollSeconds = read('GRAPH_POLL_SECONDS', seconds, '60');
  const statusSiteUrl = env.STATUS_SITE_URL ?? 'https://status.cloud.microsoft';
  const bearerToken = optional('X_BEARER_TOKEN');

  const config: BeaconConfig = {
    database: {
      url: databaseUrl === undefined ? null : new Secret(databaseUrl),
      dataDir: resolve(env.DATA_DIR || './.data'),
      // Readers answer people: they give up sooner than writers, whose work may be a large first import.
      pools: {
        read: {
          size: read('DATABASE_READ_POOL_SIZE', integer(1, 1000), '10'),
          statementTimeoutSeconds: read('DATABASE_READ_TIMEOUT_SECONDS', seconds, '15'),
          lockTimeoutSeconds: read('DATABASE_READ_LOCK_TIMEOUT_SECONDS', seconds, '5'),
        },
        write: {
          size: read('DATABASE_WRITE_POOL_SIZE', integer(1, 1000), '10'),
          statementTimeoutSeconds: read('DATABASE_WRITE_TIMEOUT_SECONDS', seconds, '300'),
          lockTimeoutSeconds: read('DATABASE_WRITE_LOCK_TIMEOUT_SECONDS', seconds, '60'),
        },
      },
    },
    retention: {
      pollRunsDays: read('POLL_RUNS_RETENTION_DAYS', integer(1, 36_500), '30'),
      statusChangesDays: read('STATUS_HISTORY_RETENTION_DAYS', integer(1, 36_500), '400'),
    },
    http: {
      host: read('HOST', z.string().min(1), '127.0.0.1'),
      port: read('PORT', port, '3000'),
    },
    graph: {
      tenants: readTenants(env, problems),
      tenantsFile: env.TENANTS_FILE ? resolve(env.TENANTS_FILE) : null,
      baseUrl: stripSlash(read('GRAPH_BASE_URL', httpUrl, 'https://graph.microsoft.com')),
      authorityUrl: stripSlash(read('GRAPH_AUTHORITY_URL', httpUrl, 'https://login.microsoftonline.com')),
      pollSeconds: graphPollSeconds,
      staleSeconds: read('GRAPH_STALE_SECONDS', seconds, String(3 * (graphPollSeconds ?? 60))),
    },
    statusSite: {
      url: statusSiteUrl === '' ? null : stripSlash(read('STATUS_SITE_URL', httpUrl, statusSiteUrl)),
      pollSeconds: read('STATUS_SITE_POLL_SECONDS', seconds, '120'),
    },
    x: {
      bearerToken: bearerToken === undefined ? null : new Secret(bearerToken),
      apiBaseUrl: stripSlash(read('X_API_BASE_URL', httpUrl, 'https://api.x.com')),
      username: read(
        'X_USERNAME',
        z.string().regex(/^\w{1,15}$/, 'an X username: 1 to 15 letters, digits or _'),
        'MSFT365Status',
      ),
      pollSeconds: read('X_POLL_SECONDS', seconds, '120'),
    },
    pollTimeoutSeconds: read('POLL_TIMEOUT_SECONDS', seconds, '60'),
    apiKeys: (env.API_KEYS ?? '')
      .split(',')
      .map((key) => key.trim())
      .filter((key) => key.length > 0)
      .map((key) => new Secret(key)),
    access: {
      allowedOrigins: read('ALLOWED_ORIGINS', origins, ''),
      rateLimitPerKey: read('RATE_LIMIT_PER_KEY', integer(0, 1_000_000), '600'),
      rateLimitPerAddress: read('RATE_LIMIT_PER_ADDRESS', integer(0, 1_000_000), '1200'),
      connectionsPerKey: read('WS_CONNECTIONS_PER_KEY', integer(1, 100_000), '100'),
    },
    tenantCredentialsKey: optional('TENANT_CREDENTIALS_KEY')
      ? new Secret(read('TENANT_CREDENTIALS_KEY', credentialsKey, ''))
      : null,
    metricsTenantLabels: read('METRICS_TENANT_LABELS', flag, 'false'),
    logLevel: read('LOG_LEVEL', logLevel, 'info'),
    notifications: {
      holdSeconds: read('NOTIFY_HOLD_SECONDS', integer(0, 86_400), '30'),
      maxAttempts: read('NOTIFY_MAX_ATTEMPTS', integer(1, 1000), '15'),
      retryBaseMs: read('NOTIFY_RETRY_BASE_MS', integer(1, 3_600_000), '5000'),
      retryMaxMs: read('NOTIFY_RETRY_MAX_MS', integer(1, 86_400_000), '300000'),
      timeoutSeconds: read('NOTIFY_TIMEOUT_SECONDS', seconds, '10'),
      concurrency: read('NOTIFY_CONCURRENCY', integer(1, 1000), '100'),
      pollMs: read('NOTIFY_POLL_MS', integer(10, 60_000), '500'),
      slackApiBaseUrl: stripSlash(read('SLACK_API_BASE_URL', httpUrl, 'https://slack.com/api')),
      // Time-driven notifications (degraded mode, sources down, digests): issue 15.
      timeCheckMs: read('NOTIFY_TIME_CHECK_MS', integer(100, 600_000), '5000'),
      sourceDownMinuteMs: read('NOTIFY_SOURCE_DOWN_MINUTE_MS', integer(1, 60_000), '60000'),
    },
  };

  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function readTenants(env: Env, problems: ConfigProblem[]): GraphTenant[] {
  const file = env.TENANTS_FILE || undefined;
  const single = ['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET'] as const;
  const given = single.filter((name) => env[name]);

  if (file !== undefined) {
    if (given.length > 0) {
      problems.push({
        variable: 'TENANTS_FILE',
        reason: `replaces ${given.join(', ')}: set one or the other`,
      });
    }
    return tenantsFromFile(file, env, problems);
  }
  if (given.length === 0) return [];
  if (given.length < single.length) {
    for (const name of single.filter((n) => !env[n])) {
      problems.push({ variable: name, reason: `required when ${given.join(' and ')} is set` });
    }
    return [];
  }
  const id = env.GRAPH_TENANT_ID as string;
  return [
    {
      id,
      displayName: id,
      clientId: env.GRAPH_CLIENT_ID as string,
      credential: { kind: 'secret', clientSecret: new Secret(env.GRAPH_CLIENT_SECRET as string) },
    },
  ];
}

function tenantsFromFile(file: string, env: Env, problems: ConfigProblem[]): GraphTenant[] {
  const read = readTenantsFile(file, env);
  problems.push(...read.problems.map((reason) => ({ variable: 'TENANTS_FILE', reason })));
  return read.tenants;
}

function stripSlash(url: string): string {
  return url?.replace(/\/+$/, '');
}
