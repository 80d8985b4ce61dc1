import type { Scenario } from './scenario/scenario.schema.js';

export interface SimulatorUrls {
  /** Graph's root without the version (GRAPH_BASE_URL); Entra's token endpoint is on the same origin. */
  graph: string;
  statusSite: string;
  x: string;
  /** The control endpoint's root: `${control}/state`, `${control}/advance`, `${control}/clock`. */
  control: string;
  /** The notification receivers' origin: `/teams/…`, `/slack/hooks/…`, `/slack/api/…`, `/webhooks/…`. */
  receivers: string;
  /** The SMTP receiver (plain SMTP, no TLS, any login). */
  smtp: { host: string; port: number };
}

/** Beacon's environment variables (semantics.md, "Configuration") pointing at a running simulator. */
export type BeaconEnv = Record<string, string>;

export function beaconEnvironment(
  scenario: Scenario,
  urls: SimulatorUrls,
  files: { caCertPath: string; tenantsFilePath: string },
): BeaconEnv {
  const [only, ...others] = scenario.tenants;
  // One tenant fits the three GRAPH_* variables; several need TENANTS_FILE; none leaves Graph disabled.
  const tenants: BeaconEnv =
    only === undefined
      ? {}
      : others.length === 0
        ? { GRAPH_TENANT_ID: only.id, GRAPH_CLIENT_ID: only.clientId, GRAPH_CLIENT_SECRET: only.clientSecret }
        : { TENANTS_FILE: files.tenantsFilePath };
  return {
    GRAPH_BASE_URL: urls.graph,
    GRAPH_AUTHORITY_URL: urls.graph,
    ...tenants,
    STATUS_SITE_URL: urls.statusSite,
    X_API_BASE_URL: urls.x,
    X_BEARER_TOKEN: scenario.x.bearerToken,
    X_USERNAME: scenario.x.user.username,
    NODE_EXTRA_CA_CERTS: files.caCertPath,
  };
}

/** The TENANTS_FILE content: `[{id, displayName, clientId, clientSecret}]`. */
export function tenantsFileContent(scenario: Scenario): string {
  const tenants = scenario.tenants.map(({ id, displayName, clientId, clientSecret }) => ({
    id,
    displayName,
    clientId,
    clientSecret,
  }));
  return `${JSON.stringify(tenants, null, 2)}\n`;
}

/** `export NAME='value'` lines to paste into a shell. */
export function shellExports(env: BeaconEnv): string {
  return Object.entries(env)
    .map(([name, value]) => `export ${name}='${value.replaceAll("'", `'\\''`)}'`)
    .join('\n');
}
