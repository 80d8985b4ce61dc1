import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.error.js';
import type { GraphTenant } from './beacon-config.js';
import { loadConfig } from './load-config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => p.variable);
    throw error;
  }
  return [];
}

function writeTemp(name: string, content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'beacon-config-')), name);
  writeFileSync(file, content);
  return file;
}

describe(loadConfig.name, () => {
  it('gives the documented defaults for an empty environment', () => {
    const sut = loadConfig({});
    expect(sut.http).toEqual({ host: '127.0.0.1', port: 3000 });
    expect(sut.database.url).toBeNull();
    expect(sut.database.dataDir).toMatch(/\.data$/);
    expect(sut.graph).toMatchObject({
      tenants: [],
      baseUrl: 'https://graph.microsoft.com',
      authorityUrl: 'https://login.microsoftonline.com',
      pollSeconds: 60,
      staleSeconds: 180,
    });
    expect(sut.statusSite).toEqual({ url: 'https://status.cloud.microsoft', pollSeconds: 120 });
    expect(sut.x).toMatchObject({ bearerToken: null, username: 'MSFT365Status', pollSeconds: 120 });
    expect(sut.apiKeys).toEqual([]);
  });

  it('reads the access variables: origins normalised, rate limits (0: none), tenant labels off by default', () => {
    const defaults = loadConfig({});
    expect(defaults.access).toEqual({
      allowedOrigins: [],
      rateLimitPerKey: 600,
      rateLimitPerAddress: 1200,
      connectionsPerKey: 100,
    });
    expect(defaults.metricsTenantLabels).toBe(false);
    const sut = loadConfig({
      ALLOWED_ORIGINS: 'https://dash.example.com/, http://localhost:5173',
      RATE_LIMIT_PER_KEY: '0',
      RATE_LIMIT_PER_ADDRESS: '50',
      METRICS_TENANT_LABELS: 'true',
      WS_CONNECTIONS_PER_KEY: '5',
    });
    expect(sut.access).toEqual({
      allowedOrigins: ['https://dash.example.com', 'http://localhost:5173'],
      rateLimitPerKey: 0,
      rateLimitPerAddress: 50,
      connectionsPerKey: 5,
    });
    expect(sut.metricsTenantLabels).toBe(true);
    expect(
      problemsOf({
        ALLOWED_ORIGINS: 'not an origin',
        RATE_LIMIT_PER_KEY: '-1',
        METRICS_TENANT_LABELS: 'yes',
      }),
    ).toEqual(['ALLOWED_ORIGINS', 'RATE_LIMIT_PER_KEY', 'METRICS_TENANT_LABELS']);
  });

  it('derives the staleness from the Graph poll interval and accepts 1 s intervals', () => {
    const sut = loadConfig({ GRAPH_POLL_SECONDS: '1', X_POLL_SECONDS: '1', STATUS_SITE_POLL_SECONDS: '1' });
    expect(sut.graph.staleSeconds).toBe(3);
    expect(sut.x.pollSeconds).toBe(1);
  });

  it('gives readers a pool of their own, with shorter time-outs than the writers, and bounded history', () => {
    const sut = loadConfig({});
    expect(sut.database.pools).toEqual({
      read: { size: 10, statementTimeoutSeconds: 15, lockTimeoutSeconds: 5 },
      write: { size: 10, statementTimeoutSeconds: 300, lockTimeoutSeconds: 60 },
    });
    expect(sut.retention).toEqual({ pollRunsDays: 30, statusChangesDays: 400 });
    expect(loadConfig({ DATABASE_READ_TIMEOUT_SECONDS: '2', POLL_RUNS_RETENTION_DAYS: '7' })).toMatchObject({
      database: { pools: { read: { statementTimeoutSeconds: 2 } } },
      retention: { pollRunsDays: 7 },
    });
  });

  it('disables the status site when its URL is empty', () => {
    expect(loadConfig({ STATUS_SITE_URL: '' }).statusSite.url).toBeNull();
  });

  it.each([
    [{ PORT: 'abc' }, ['PORT']],
    [{ PORT: '70000' }, ['PORT']],
    [{ GRAPH_BASE_URL: 'not a url' }, ['GRAPH_BASE_URL']],
    [{ STATUS_SITE_URL: 'ftp://example.test' }, ['STATUS_SITE_URL']],
    [{ DATABASE_URL: 'mysql://x' }, ['DATABASE_URL']],
    [{ GRAPH_POLL_SECONDS: '0' }, ['GRAPH_POLL_SECONDS']],
    [{ DATABASE_READ_POOL_SIZE: '0' }, ['DATABASE_READ_POOL_SIZE']],
    [{ DATABASE_WRITE_TIMEOUT_SECONDS: 'forever' }, ['DATABASE_WRITE_TIMEOUT_SECONDS']],
    [{ DATABASE_READ_LOCK_TIMEOUT_SECONDS: '-1' }, ['DATABASE_READ_LOCK_TIMEOUT_SECONDS']],
    [{ POLL_RUNS_RETENTION_DAYS: '0' }, ['POLL_RUNS_RETENTION_DAYS']],
    [{ STATUS_HISTORY_RETENTION_DAYS: '1.5' }, ['STATUS_HISTORY_RETENTION_DAYS']],
    [{ X_USERNAME: 'not a name!' }, ['X_USERNAME']],
    [{ GRAPH_TENANT_ID: 't' }, ['GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET']],
    [{ TENANTS_FILE: '/nonexistent/tenants.json' }, ['TENANTS_FILE']],
    [{ PORT: 'abc', X_API_BASE_URL: '::', LOG_LEVEL: 'loud' }, ['PORT', 'X_API_BASE_URL', 'LOG_LEVEL']],
  ])('names every bad variable of %j', (env, variables) => {
    expect(problemsOf(env)).toEqual(variables);
  });

  it('rejects a tenants file that is not valid JSON', () => {
    const file = writeTemp('tenants.json', '{ not json');
    expect(() => loadConfig({ TENANTS_FILE: file })).toThrow(/TENANTS_FILE: .* is not valid JSON/);
  });

  it.each([
    [[{ id: 'a', clientSecret: 's' }], /\[0\]\.clientId: Invalid input/],
    [
      [{ id: 'a', clientId: 'c', clientSecret: 's', clientSecretVariable: 'V' }],
      /exactly one of clientSecret/,
    ],
    [[{ id: 'a', clientId: 'c' }], /exactly one of clientSecret/],
    [[], /at least one tenant/],
  ])('rejects the tenants file %j', (tenants, reason) => {
    const file = writeTemp('tenants.json', JSON.stringify(tenants));
    expect(() => loadConfig({ TENANTS_FILE: file })).toThrow(reason);
  });

  it('reads several tenants, with a secret inline or from a named variable', () => {
    const file = writeTemp(
      'tenants.json',
      JSON.stringify([
        { id: 'contoso', displayName: 'Contoso', clientId: 'c1', clientSecret: 'inline-secret' },
        { id: 'fabrikam', clientId: 'c2', clientSecretVariable: 'FABRIKAM_SECRET' },
      ]),
    );
    const sut = loadConfig({ TENANTS_FILE: file, FABRIKAM_SECRET: 'from-variable' });
    const secretOf = ({ credential }: GraphTenant) =>
      credential.kind === 'secret' ? credential.clientSecret.reveal() : undefined;
    expect(sut.graph.tenants.map((t) => [t.id, t.displayName, t.clientId, secretOf(t)])).toEqual([
      ['contoso', 'Contoso', 'c1', 'inline-secret'],
      ['fabrikam', 'fabrikam', 'c2', 'from-variable'],
    ]);
  });

  it('reports a tenant whose secret variable is unset', () => {
    const file = writeTemp(
      'tenants.json',
      JSON.stringify([{ id: 'a', clientId: 'c', clientSecretVariable: 'NOPE' }]),
    );
    expect(() => loadConfig({ TENANTS_FILE: file })).toThrow(/tenant a: variable NOPE is not set/);
  });

  it('never shows a secret, neither in problems nor when printed', () => {
    let message = '';
    try {
      loadConfig({ DATABASE_URL: 'mysql://user:hunter2@db', GRAPH_CLIENT_SECRET: 'hunter2' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('DATABASE_URL');
    expect(message).not.toContain('hunter2');

    const sut = loadConfig({
      GRAPH_TENANT_ID: 't',
      GRAPH_CLIENT_ID: 'c',
      GRAPH_CLIENT_SECRET: 'hunter2',
      API_KEYS: 'k1, k2',
    });
    expect(JSON.stringify(sut)).not.toContain('hunter2');
    expect(String(JSON.stringify(sut.graph.tenants[0]?.credential))).toContain('[redacted]');
    expect(sut.apiKeys.map((k) => k.reveal())).toEqual(['k1', 'k2']);
  });
});
