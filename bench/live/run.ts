import 'reflect-metadata';
import { loadConfig } from '#config';
import { CorrelationModule, Correlator } from '#correlation';
import { migrateDatabase, startEmbeddedDatabase, storeSignals } from '#persistence';
import { BeaconAppModule } from '#runtime';
import { correlateAll, graphHealthOverviewSignal, xPostSignal } from '#testing';
import { NestFactory } from '@nestjs/core';
import { type ChildProcess, fork } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { pino } from 'pino';
import { DataSource } from 'typeorm';
import { BENCH_TENANT, seedHistory } from '../api/seed.js';
import type { ClientsAnswer, ClientsRequest } from './clients.js';
import { memoryOf } from './server-memory.js';

/**
 * `npm run bench:live`: the status page's live updates at scale. Beacon's API runs in a process of its
 * own; BENCH_SUBSCRIBERS (1,1000,10000) WebSockets, from BENCH_CLIENT_PROCESSES (2) processes, each hold the
 * page's two subscriptions (public/js/queries.js); changes are real correlator writes (an X post that opens
 * a provisional incident, or Graph flipping Exchange's status), BENCH_EVENTS (20) of them one after another,
 * each once every subscriber has the previous one. Measured: from the correlator's commit to each delivery
 * (p50, p99) and to the last subscriber's (p50, p99, max); database transactions per event
 * (pg_stat_database, less what the writer itself commits, measured first without subscribers); the API's
 * RSS per thousand connections, and what it still holds once they have closed. Not a test: it prints a table (see docs/benchmarks.md).
 */
const SUBSCRIBERS = (process.env.BENCH_SUBSCRIBERS ?? '1,1000,10000').split(',').map(Number);
const CLIENT_PROCESSES = Number(process.env.BENCH_CLIENT_PROCESSES ?? 2);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20);
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 2_000);
/** An event every subscriber has not heard within this is reported as lost. */
const DELIVERY_TIMEOUT_MS = 60_000;
/** PostgreSQL flushes a backend's statistics at most this late once it is idle (PGSTAT_IDLE_INTERVAL). */
const STATS_FLUSH_MS = 11_000;
/** While warming up, a change is given up on when no more subscribers heard it for this long. */
const WARM_UP_PATIENCE_MS = 20_000;
const SERVICE_SUBSCRIPTION = '1';
const INCIDENT_SUBSCRIPTION = '2';

const here = path.dirname(fileURLToPath(import.meta.url));
const log = (line: string) => process.stderr.write(`${line}\n`);
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface LiveEvent {
  subscription: string;
  key: string;
  /** When the write began: deliveries are looked for from then on. */
  since: number;
  /** When the correlator's transaction (with its NOTIFY) had committed. */
  committedAt: number;
}

interface Row {
  subscribers: number;
  connected: number;
  rssPerThousandMb: number | null;
  heapPerThousandMb: number | null;
  /** What the API still holds once the connections have closed, over what it held before them. */
  heapLeftMb: number;
  rssLeftMb: number;
  transactionsPerEvent: number;
  events: number;
  lost: number;
  deliveryP50: number;
  deliveryP99: number;
  lastP50: number;
  lastP99: number;
  lastMax: number;
}

/** Writes as the ingestor does: a poll's signals stored, then the correlator's steps until folded. */
class Writer {
  private posts = 0;
  private flips = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly correlator: Correlator,
  ) {}

  /** An X post that opens a provisional Exchange incident, or Graph flipping Exchange's status. */
  async event(kind: 'incident' | 'service'): Promise<LiveEvent> {
    const since = now();
    let subscription: string;
    let key: string;
    let signal;
    if (kind === 'incident') {
      this.posts += 1;
      key = `EX19${String(this.posts).padStart(5, '0')}`;
      subscription = INCIDENT_SUBSCRIPTION;
      signal = xPostSignal(`live-${this.posts}`, `We're investigating delays in Exchange Online. ${key}`);
    } else {
      this.flips += 1;
      key = 'Exchange';
      subscription = SERVICE_SUBSCRIPTION;
      const status = this.flips % 2 === 1 ? 'serviceInterruption' : 'serviceDegradation';
      signal = graphHealthOverviewSignal(BENCH_TENANT, 'Exchange', 'Exchange Online', status);
    }
    await this.dataSource.transaction((manager) => storeSignals(manager, [signal]));
    await correlateAll(this.correlator, new Date());
    return { subscription, key, since, committedAt: now() };
  }
}

/** One process of subscribers. */
class Audience {
  private readonly answers: Array<(answer: ClientsAnswer) => void> = [];

  private constructor(private readonly process: ChildProcess) {
    process.on('message', (answer: ClientsAnswer) => this.answers.shift()?.(answer));
  }

  static start(): Audience {
    return new Audience(
      fork(path.join(here, 'clients.js'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    );
  }

  ask<T extends ClientsAnswer>(request: ClientsRequest): Promise<T> {
    return new Promise((resolve) => {
      this.answers.push(resolve as (answer: ClientsAnswer) => void);
      this.process.send(request);
    });
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    this.process.send({ type: 'close' } satisfies ClientsRequest);
    await exited;
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'beacon-bench-live-'));
  chmodSync(dataDir, 0o755);
  const database = await startEmbeddedDatabase({ dataDir });
  let server: ChildProcess | null = null;
  const stats = new pg.Client({ connectionString: database.url });
  try {
    await migrateDatabase(database.url);
    await stats.connect();
    await seedHistory(stats, INCIDENTS);
    log(`seeded ${INCIDENTS} incidents`);

    const env = {
      ...process.env,
      DATABASE_URL: database.url,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      GRAPH_TENANT_ID: BENCH_TENANT,
      GRAPH_CLIENT_ID: 'bench',
      GRAPH_CLIENT_SECRET: 'bench',
      GRAPH_STALE_SECONDS: '86400',
      // Every subscriber is one local address without a key: what is measured is not the limits.
      RATE_LIMIT_PER_KEY: '0',
      RATE_LIMIT_PER_ADDRESS: '0',
      WS_CONNECTIONS_PER_KEY: '100000',
      PORT: '4201',
    };
    server = fork(path.join(here, '../api/beacon.server.js'), {
      execArgv: ['--expose-gc'],
      env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      server!.once('message', (message) => resolve((message as { url: string }).url));
      server!.once('exit', (code) => reject(new Error(`Beacon exited with code ${code} before it listened`)));
    });

    const config = loadConfig({ ...env, PORT: '1', STATUS_SITE_URL: '' });
    const writerApp = await NestFactory.createApplicationContext(
      BeaconAppModule.forRoot({
        config,
        logger: pino({ level: 'warn' }),
        databaseUrl: database.url,
        features: [CorrelationModule],
      }),
      { logger: false },
    );
    const writer = new Writer(writerApp.get(DataSource), writerApp.get(Correlator));

    const transactions = async () => {
      await sleep(STATS_FLUSH_MS);
      const [row] = (
        await stats.query(
          `SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()`,
        )
      ).rows as Array<{ n: string }>;
      return Number(row!.n);
    };
    /** Transactions per event of `count` events while `during` waits for each to be delivered. */
    const measureTransactions = async (count: number, during: (event: LiveEvent) => Promise<void>) => {
      const before = await transactions();
      const written: LiveEvent[] = [];
      for (let i = 0; i < count; i++) {
        const event = await writer.event(i % 2 === 0 ? 'incident' : 'service');
        written.push(event);
        await during(event);
      }
      // Less the two statistics reads themselves.
      return { perEvent: ((await transactions()) - before - 2) / count, written };
    };

    log(`the writer alone: ${EVENTS} events without subscribers`);
    const writerOnly = (await measureTransactions(EVENTS, () => sleep(200))).perEvent;
    log(`  ${writerOnly.toFixed(1)} transactions per event`);

    const { SERVICE_STATUS_CHANGED, INCIDENT_UPDATED } = (await import(
      path.join(process.cwd(), 'apps/api/public/js/queries.js')
    )) as Record<string, string>;
    const subscriptions = {
      [SERVICE_SUBSCRIPTION]: SERVICE_STATUS_CHANGED!,
      [INCIDENT_SUBSCRIPTION]: INCIDENT_UPDATED!,
    };
    const wsUrl = `${url.replace(/^http/, 'ws')}/graphql`;

    const rows: Row[] = [];
    for (const subscribers of SUBSCRIBERS) {
      const processes = Math.min(CLIENT_PROCESSES, subscribers);
      const audiences = Array.from({ length: processes }, () => Audience.start());
      const before = await memoryOf(server);
      const started = now();
      const opened = await Promise.all(
        audiences.map((audience, i) =>
          audience.ask<Extract<ClientsAnswer, { type: 'opened' }>>({
            type: 'open',
            url: wsUrl,
            count: Math.floor(subscribers / processes) + (i < subscribers % processes ? 1 : 0),
            subscriptions,
          }),
        ),
      );
      const connected = opened.reduce((sum, { connected }) => sum + connected, 0);
      const failures = opened.flatMap(({ failures }) => failures);
      log(
        `${subscribers} subscribers: ${connected} connected in ${((now() - started) / 1000).toFixed(1)} s` +
          (failures.length ? `; failures: ${failures.join('; ')}` : ''),
      );
      const connectedMemory = await memoryOf(server);
      log(
        `  API after connecting: RSS ${(connectedMemory.rss / 1024 ** 2).toFixed(0)} MB, heap ${(connectedMemory.heapUsed / 1024 ** 2).toFixed(0)} MB`,
      );
      const heardBy = async (event: LiveEvent) =>
        (
          await Promise.all(
            audiences.map((audience) =>
              audience.ask<Extract<ClientsAnswer, { type: 'heard' }>>({ type: 'heard', ...event }),
            ),
          )
        ).reduce((sum, { clients }) => sum + clients, 0);
      const delivered = async (event: LiveEvent) => {
        const deadline = now() + DELIVERY_TIMEOUT_MS;
        while ((await heardBy(event)) < connected && now() < deadline) await sleep(20);
      };

      // Subscriptions are registered a moment after they are sent: changes until every one hears one.
      for (let attempt = 0; ; attempt++) {
        const event = await writer.event('incident');
        let heard = 0;
        for (let last = -1, since = now(); now() - since < WARM_UP_PATIENCE_MS; await sleep(100)) {
          heard = await heardBy(event);
          if (heard === connected) break;
          if (heard !== last) [last, since] = [heard, now()];
        }
        if (heard === connected) break;
        log(`  ${heard} of ${connected} heard the change: again`);
        if (attempt === 5) throw new Error(`${connected - heard} subscriptions never heard a change`);
      }
      const after = await memoryOf(server);
      const perThousand = (bytes: number) => bytes / (connected / 1000) / 1024 ** 2;

      const { perEvent, written } = await measureTransactions(EVENTS, delivered);
      const reports = await Promise.all(
        audiences.map((audience) =>
          audience.ask<Extract<ClientsAnswer, { type: 'report' }>>({ type: 'report', events: written }),
        ),
      );
      const deliveries: number[] = [];
      const lasts: number[] = [];
      let lost = 0;
      written.forEach((event, i) => {
        const arrivals = reports.flatMap(({ arrivals }) => arrivals[i]!);
        lost += connected - arrivals.length;
        const latencies = arrivals.map((at) => Math.max(0, at - event.committedAt));
        deliveries.push(...latencies);
        if (latencies.length > 0) lasts.push(Math.max(...latencies));
      });
      rows.push({
        subscribers,
        connected,
        rssPerThousandMb: subscribers >= 1000 ? perThousand(after.rss - before.rss) : null,
        heapPerThousandMb: subscribers >= 1000 ? perThousand(after.heapUsed - before.heapUsed) : null,
        transactionsPerEvent: perEvent - writerOnly,
        events: written.length,
        lost,
        deliveryP50: percentile(deliveries, 50),
        deliveryP99: percentile(deliveries, 99),
        lastP50: percentile(lasts, 50),
        lastP99: percentile(lasts, 99),
        lastMax: Math.round(Math.max(...lasts)),
        heapLeftMb: NaN,
        rssLeftMb: NaN,
      });
      await Promise.all(audiences.map((audience) => audience.close()));
      await sleep(2_000);
      const closed = await memoryOf(server);
      const row = rows.at(-1)!;
      row.heapLeftMb = (closed.heapUsed - before.heapUsed) / 1024 ** 2;
      row.rssLeftMb = (closed.rss - before.rss) / 1024 ** 2;
      log(JSON.stringify(row));
    }
    await writerApp.close();
    process.stdout.write(table(rows, writerOnly));
  } finally {
    await stats.end().catch(() => undefined);
    if (server) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.disconnect();
      await exited;
    }
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
}

function table(rows: Row[], writerOnly: number): string {
  const lines = rows.map((row) =>
    [
      row.subscribers.toLocaleString('en'),
      row.connected.toLocaleString('en'),
      row.events,
      row.lost,
      row.deliveryP50,
      row.deliveryP99,
      row.lastP50,
      row.lastP99,
      row.lastMax,
      row.transactionsPerEvent.toFixed(1),
      row.rssPerThousandMb === null ? '' : row.rssPerThousandMb.toFixed(1),
      row.heapPerThousandMb === null ? '' : row.heapPerThousandMb.toFixed(1),
      row.heapLeftMb.toFixed(1),
      row.rssLeftMb.toFixed(1),
    ].join(' | '),
  );
  return [
    '',
    `The writer (store + correlator steps) alone: ${writerOnly.toFixed(1)} transactions per event.`,
    '',
    '| subscribers | connected | events | lost | delivery p50 ms | p99 ms | last subscriber p50 ms | p99 ms | max ms | API transactions / event | API RSS MB / 1,000 connections | heap MB / 1,000 | heap MB left after closing | RSS MB left |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...lines.map((line) => `| ${line} |`),
    '',
  ].join('\n');
}

await main();
