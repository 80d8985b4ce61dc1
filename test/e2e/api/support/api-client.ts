import { loadConfig, type BeaconConfig } from '#config';
import { type RunningBeacon, startBeacon } from '#runtime';
import { type Logger, pino } from 'pino';
import { ApiModule } from '../../../../apps/api/src/api.module.js';

export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: Array<{
    message: string;
    path?: unknown[];
    extensions?: { code?: string } & Record<string, unknown>;
  }>;
}

/** The configuration of a test Beacon: its database, no upstream channel, any port. */
export function testConfig(databaseUrl: string, env: Record<string, string> = {}): BeaconConfig {
  const config = loadConfig({ DATABASE_URL: databaseUrl, PORT: '1', STATUS_SITE_URL: '', ...env });
  config.http.port = 0;
  return config;
}

/** Beacon with the API only, in this process, on its own port. */
export async function startApi(
  config: BeaconConfig,
  logger: Logger = pino({ level: 'silent' }),
): Promise<RunningBeacon> {
  return startBeacon({ config, logger, features: [ApiModule] });
}

/** A logger that keeps its JSON lines, for tests of what Beacon logs. */
export function capturingLogger(): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  return { logger, lines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** POSTs a GraphQL request and reads the answer, whatever its status. */
export async function graphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphqlResponse<T>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  const body = (text ? JSON.parse(text) : {}) as Omit<GraphqlResponse<T>, 'status' | 'headers'>;
  return { status: response.status, headers: response.headers, ...body };
}

/** The data of a request that must succeed; fails the test with the errors otherwise. */
export async function query<T = Record<string, any>>( // eslint-disable-line @typescript-eslint/no-explicit-any
  url: string,
  text: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await graphql<T>(url, text, variables, headers);
  if (response.errors?.length || !response.data) {
    throw new Error(`GraphQL request failed (${response.status}): ${JSON.stringify(response.errors)}`);
  }
  return response.data;
}
