import { randomUUID } from 'node:crypto';
import { Secret } from '#config';
import { Correlator } from '#correlation';
import type { RawSignal } from '#domain';
import { createSenders, Dispatcher, type DispatcherOptions, sealTargetSecrets } from '#notifications';
import {
  NotificationRuleEntity,
  NotificationTargetEntity,
  TenantEntity,
  type NotificationTargetKind,
  storeSignals,
} from '#persistence';
import {
  correlateAll,
  createTestDatabase,
  graphIssueSignal,
  startCorrelationTestModule,
  type TestDatabase,
} from '#testing';
import type { TestingModule } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { Receivers } from '../../../apps/simulator/src/receivers/receivers.js';

/** The tests' TENANT_CREDENTIALS_KEY: targets' secrets are stored sealed under it, as the admin API does. */
export const SECRETS_KEY = new Secret(Buffer.alloc(32, 7).toString('base64'));

export const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 10, minute));

/** A test database with the correlator (and its outbox hook), the simulator's receivers, and a dispatcher. */
export interface NotificationBench {
  database: TestDatabase;
  app: TestingModule;
  dataSource: DataSource;
  correlator: Correlator;
  receivers: Receivers;
  receiversUrl: string;
  smtpPort: number;
  dispatcher: Dispatcher;
  close(): Promise<void>;
}

export const FAST: Omit<DispatcherOptions, 'timeoutMs' | 'concurrency'> = {
  holdSeconds: 0,
  maxAttempts: 5,
  retryBaseMs: 20,
  retryMaxMs: 100,
};

export async function startBench(options: Partial<DispatcherOptions> = {}): Promise<NotificationBench> {
  const database = await createTestDatabase();
  const app = await startCorrelationTestModule(database.url, { GRAPH_POLL_SECONDS: '60' });
  const dataSource = app.get(DataSource);
  await dataSource.manager.insert(TenantEntity, [{ id: 'contoso', displayName: 'Contoso' }]);
  const receivers = new Receivers();
  await receivers.http.listen({ host: '127.0.0.1', port: 0 });
  const receiversUrl = `http://127.0.0.1:${(receivers.http.server.address() as AddressInfo).port}`;
  const smtpPort = await receivers.listenSmtp('127.0.0.1');
  const bench = {
    database,
    app,
    dataSource,
    correlator: app.get(Correlator),
    receivers,
    receiversUrl,
    smtpPort,
    close: async () => {
      await receivers.close();
      await app.close();
      await database.drop();
    },
  };
  return { ...bench, dispatcher: dispatcherFor(bench, options) };
}

/** A dispatcher sending to the bench's receivers (fast retries unless told otherwise; jitter fixed at 100 %). */
export function dispatcherFor(
  bench: Pick<NotificationBench, 'dataSource' | 'receiversUrl'>,
  options: Partial<DispatcherOptions> = {},
): Dispatcher {
  return new Dispatcher(
    bench.dataSource,
    createSenders({ slackApiBaseUrl: `${bench.receiversUrl}/slack/api` }),
    { ...FAST, timeoutMs: 2000, concurrency: 4, secretsKey: SECRETS_KEY, ...options },
    () => 0.5,
  );
}

/** Stores signals as one poll would, observed at `now`, then lets the correlator fold them (and enqueue). */
export async function ingest(bench: NotificationBench, signals: RawSignal[], now: Date) {
  await bench.dataSource.transaction((manager) => storeSignals(manager, signals, now));
  return correlateAll(bench.correlator, now, true);
}

/** Dispatch rounds until nothing is pending (or `rounds` run out, e.g. while a target is down). */
export async function drain(bench: NotificationBench, rounds = 200): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    await bench.dispatcher.dispatchDue();
    const [{ n }] = await bench.dataSource.query(
      `SELECT count(*)::int AS n FROM notification_deliveries WHERE state = 'pending'`,
    );
    if (n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function addTarget(
  bench: NotificationBench,
  name: string,
  kind: NotificationTargetKind,
  settings: { config?: Record<string, unknown>; secrets: Record<string, string> },
  rule: Partial<NotificationRuleEntity> = {},
): Promise<string> {
  const manager = bench.dataSource.manager;
  const targetId = randomUUID();
  await manager.save(
    manager.create(NotificationTargetEntity, {
      id: targetId,
      name,
      kind,
      config: settings.config ?? {},
      secrets: sealTargetSecrets(settings.secrets, SECRETS_KEY, targetId),
    }),
  );
  await manager.save(
    manager.create(NotificationRuleEntity, {
      events: ['incident_created', 'incident_updated', 'status_changed', 'incident_resolved'],
      ...rule,
      targetId,
    }),
  );
  return targetId;
}

export const post = (minute: number, content: string) => ({
  createdDateTime: at(minute).toISOString(),
  content,
});

/** Exchange incident EX1's three states: investigating, then a fix in progress, then resolved. */
export const EX1 = [
  graphIssueSignal('contoso', {
    id: 'EX1',
    title: 'Mail delayed',
    status: 'investigating',
    lastModifiedDateTime: at(0).toISOString(),
    posts: [post(0, 'We are investigating delayed mail.')],
  }),
  graphIssueSignal('contoso', {
    id: 'EX1',
    title: 'Mail delayed',
    status: 'serviceDegradation',
    lastModifiedDateTime: at(10).toISOString(),
    posts: [post(0, 'We are investigating delayed mail.'), post(10, 'A fix is being deployed.')],
  }),
  graphIssueSignal('contoso', {
    id: 'EX1',
    title: 'Mail delayed',
    status: 'serviceRestored',
    isResolved: true,
    endDateTime: at(20).toISOString(),
    lastModifiedDateTime: at(20).toISOString(),
    posts: [
      post(0, 'We are investigating delayed mail.'),
      post(10, 'A fix is being deployed.'),
      post(20, 'Mail flows normally again.'),
    ],
  }),
] as const;

export async function deliveryStates(bench: NotificationBench, targetId: string) {
  const rows: Array<{ event: string; state: string }> = await bench.dataSource.query(
    `SELECT event, state FROM notification_deliveries WHERE target_id = $1 ORDER BY id`,
    [targetId],
  );
  return rows.map((row) => `${row.event}:${row.state}`);
}
