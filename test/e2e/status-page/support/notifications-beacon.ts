import { loadConfig } from '#config';
import { NotificationDispatchModule } from '#notifications';
import { startBeacon, type RunningBeacon } from '#runtime';
import { pino } from 'pino';
import { ApiModule } from '../../../../apps/api/src/api.module.js';

/**
 * Beacon with its API and the notification dispatcher, as the settings' tests use it: one admin key, target
 * secrets sealed under `secretsKey`, and deliveries retried within milliseconds so a dead letter comes fast.
 */
export function startNotificationsBeacon(options: {
  databaseUrl: string;
  adminKey: string;
  secretsKey: string;
}): Promise<RunningBeacon> {
  const config = loadConfig({
    DATABASE_URL: options.databaseUrl,
    STATUS_SITE_URL: '',
    API_KEYS: options.adminKey,
    TENANT_CREDENTIALS_KEY: options.secretsKey,
    NOTIFY_POLL_MS: '50',
    NOTIFY_MAX_ATTEMPTS: '2',
    NOTIFY_RETRY_BASE_MS: '10',
    NOTIFY_RETRY_MAX_MS: '20',
  });
  config.http.port = 0;
  return startBeacon({
    config,
    logger: pino({ level: 'silent' }),
    features: [ApiModule, NotificationDispatchModule],
  });
}

/** GraphQL as the admin: the answer's data, the test failing on any error. */
export function adminGraphql(beacon: RunningBeacon, adminKey: string) {
  return async <T = Record<string, { id: string }>>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<T> => {
    const response = await fetch(`${beacon.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': adminKey },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data: T; errors?: unknown };
    expect(body.errors).toBeUndefined();
    return body.data;
  };
}
