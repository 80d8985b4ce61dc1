import 'reflect-metadata';
import { loadConfig, Secret } from '#config';
import { enqueueNotifications, NotificationDispatchModule } from '#notifications';
import { createDataSource, migrateDatabase, startEmbeddedDatabase } from '#persistence';
import { startBeacon } from '#runtime';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { Receivers, type ReceivedRequest } from '../../apps/simulator/src/index.js';
import { KINDS, seedTargets, type BenchTarget } from './targets.js';

/** The targets' secrets are sealed under it, as the admin API seals them. */
const SECRETS_KEY = new Secret(randomBytes(32).toString('base64'));

/**
 * `npm run bench:notify`: from a change's commit to its message at each of BENCH_TARGETS targets (the five
 * kinds in turn, 1,000 by default) on the simulator's receivers, for BENCH_CHANGES changes of one incident
 * (docs/benchmarks.md). The change and its deliveries commit in one transaction, as the correlator's step
 * writes them (enqueueNotifications); Beacon's dispatcher (NotificationDispatchModule, its NOTIFY_*
 * defaults, NOTIFY_CONCURRENCY unless set) runs in this process, the receivers too; the rules hold nothing (hold time 0).
 */
const TARGETS = Number(process.env.BENCH_TARGETS ?? 1000);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 5);
const WAIT_MS = Number(process.env.BENCH_WAIT_SECONDS ?? 300) * 1000;
const INCIDENT = '5f0c3d9a-0000-4000-8000-00000000be4c';
const STATUSES = [
  'investigating',
  'serviceDegradation',
  'serviceInterruption',
  'restoringService',
  'serviceRestored',
];

const log = (line: string) => process.stderr.write(`${line}\n`);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** The first message each target took at or after `since`, once every target has one. */
async function arrivals(
  receivers: Receivers,
  targets: BenchTarget[],
  since: number,
): Promise<Map<string, ReceivedRequest>> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const first = new Map<string, ReceivedRequest>();
    for (const request of receivers.inbox.requests()) {
      if (request.accepted && request.receivedAt.getTime() >= since && !first.has(request.target)) {
        first.set(request.target, request);
      }
    }
    if (targets.every((target) => first.has(target.inbox))) return first;
    if (Date.now() > deadline) {
      throw new Error(`after ${WAIT_MS / 1000} s, ${targets.length - first.size} targets still had nothing`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'beacon-bench-notify-'));
  chmodSync(dataDir, 0o755);
  const database = await startEmbeddedDatabase({ dataDir });
  const receivers = new Receivers();
  try {
    await migrateDatabase(database.url);
    await receivers.http.listen({ host: '127.0.0.1', port: 0 });
    const address = receivers.http.server.address();
    const http = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const smtp = { host: '127.0.0.1', port: await receivers.listenSmtp('127.0.0.1') };

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const targets = await seedTargets(
      client,
      TARGETS,
      {
        http,
        smtp,
        slackBotToken: receivers.slackBotToken,
      },
      SECRETS_KEY,
    );
    await client.query(
      `INSERT INTO incidents (id, reference, title, service_name, feature, feature_group, classification, origin, status,
         level, is_resolved, impact_description, started_at, first_seen_at, last_updated_at, provisional,
         post_incident_report_available)
       VALUES ($1, 'EX9000001', 'Users may be unable to send mail', 'Exchange Online', 'Mail flow', 'E-Mail',
         'INCIDENT', 'microsoft', 'investigating', 'INVESTIGATING', false, 'Mail may be delayed.', now(), now(), now(),
         false, false)`,
      [INCIDENT],
    );
    await client.end();

    const config = loadConfig({
      DATABASE_URL: database.url,
      STATUS_SITE_URL: '',
      PORT: '1',
      SLACK_API_BASE_URL: `${http}/slack/api`,
      LOG_LEVEL: 'warn',
      NOTIFY_CONCURRENCY: process.env.NOTIFY_CONCURRENCY,
      TENANT_CREDENTIALS_KEY: SECRETS_KEY.reveal(),
    });
    config.http.port = 0;
    const dispatcher = await startBeacon({
      config,
      logger: pino({ level: 'warn' }),
      features: [NotificationDispatchModule],
    });
    const dataSource = createDataSource(database.url);
    await dataSource.initialize();
    log(
      `bench:notify: ${TARGETS} targets (${KINDS.join(', ')} in turn), ${CHANGES} changes, ` +
        `dispatcher: poll ${config.notifications.pollMs} ms, concurrency ${config.notifications.concurrency}`,
    );

    const latencies: Array<{ kind: string; ms: number }> = [];
    const makespans: number[] = [];
    try {
      for (let change = 0; change < CHANGES; change += 1) {
        const status = STATUSES[change % STATUSES.length]!;
        const resolved = change === CHANGES - 1;
        await dataSource.transaction(async (manager) => {
          await manager.query(
            `UPDATE incidents SET status = $2, level = $3, is_resolved = $4, last_updated_at = now() WHERE id = $1`,
            [
              INCIDENT,
              resolved ? 'serviceRestored' : status,
              resolved ? 'OPERATIONAL' : 'DEGRADED',
              resolved,
            ],
          );
          await manager.query(
            `INSERT INTO incident_updates (incident_id, channel, external_id, posted_at, text, html, kind)
             VALUES ($1, 'GRAPH', $2, now(), $3, $3, 'regular')`,
            [INCIDENT, `bench-${change}`, `Update ${change + 1}: ${status}.`],
          );
          await enqueueNotifications(
            manager,
            { incidentIds: [INCIDENT], serviceStatusChanges: [] },
            new Date(),
          );
        });
        const committedAt = Date.now();
        const first = await arrivals(receivers, targets, committedAt);
        let last = 0;
        for (const target of targets) {
          const ms = first.get(target.inbox)!.receivedAt.getTime() - committedAt;
          latencies.push({ kind: target.kind, ms });
          last = Math.max(last, ms);
        }
        makespans.push(last);
        log(`change ${change + 1}: the last of ${TARGETS} targets had it after ${last} ms`);
      }
    } finally {
      await dataSource.destroy();
      await dispatcher.close();
    }

    const duplicates = receivers.inbox.duplicates();
    const row = (name: string, values: number[]) =>
      `| ${name} | ${values.length} | ${percentile(values, 50)} | ${percentile(values, 90)} | ${percentile(values, 99)} | ${Math.max(...values)} |`;
    const lines = [
      `| targets | messages | p50 ms | p90 ms | p99 ms | max ms |`,
      `| --- | ---: | ---: | ---: | ---: | ---: |`,
      row(
        `all ${TARGETS}`,
        latencies.map((l) => l.ms),
      ),
      ...KINDS.map((kind) =>
        row(
          kind,
          latencies.filter((l) => l.kind === kind).map((l) => l.ms),
        ),
      ),
      '',
      `Last target reached, per change (ms): ${makespans.join(', ')}. Duplicates at the receivers: ${duplicates}.`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await receivers.close();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
