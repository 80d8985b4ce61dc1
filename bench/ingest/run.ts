import 'reflect-metadata';
import { contentHash } from '#connectors';
import { Correlator, RebuildService } from '#correlation';
import { PollRunner } from '#ingestion';
import { storeSignals } from '#persistence';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { CorrelatorJob } from '../../apps/ingestor/src/correlator.job.js';
import { caughtUp, startIngestionBench } from '../ingestion-bench.js';
import { pollAll } from './poll-all.js';

/**
 * `npm run bench:ingest`: a generated history through the real pipeline (simulator → connectors → the
 * polls appending to the log → the correlator folding it → PostgreSQL), in signals per second, next to a
 * plain `COPY` of the same rows into the same database, measured in the same run; then `rebuild` of the
 * same log, and the correlator's lag (a poll's commit → its state folded) with the correlator job running. The simulator runs in a process of its own,
 * as Microsoft and X would, so that its TLS and JSON work is not counted as Beacon's. Not a test: it
 * prints a table (see docs/benchmarks.md). Settings: BENCH_TENANTS (20), BENCH_INCIDENTS (2000),
 * BENCH_SEED (7), BENCH_IN_FLIGHT (polls at once; all by default).
 */
const TENANTS = Number(process.env.BENCH_TENANTS ?? 20);
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 2000);
const SEED = Number(process.env.BENCH_SEED ?? 7);
const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  log(`generating a history: ${INCIDENTS} incidents, ${TENANTS} tenants, seed ${SEED}`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'beacon-bench-ingest-'));
  chmodSync(dataDir, 0o755);
  const { database, app, dataSource, connectors, stop } = await startIngestionBench(dataDir, {
    seed: SEED,
    tenants: TENANTS,
    incidents: INCIDENTS,
  });
  try {
    log(
      `polling ${connectors.length} sources once each, through the whole pipeline (as an ingestor, a few at a time)`,
    );
    const runner = app.get(PollRunner);
    const correlator = app.get(Correlator);
    // As in an ingestor: the correlator folds the log while the polls append to it.
    const job = new CorrelatorJob(correlator, dataSource);
    const pipelineStarted = performance.now();
    await job.onApplicationBootstrap();
    const results = await pollAll(connectors, (connector) =>
      runner.run(connector, { intervalMs: 60_000, timeoutMs: 600_000 }),
    );
    const pollSeconds = (performance.now() - pipelineStarted) / 1000;
    const failed = results.filter((source) => source.state !== 'HEALTHY');
    if (failed.length > 0) throw new Error(`polls failed: ${failed.map((s) => s.lastError).join('; ')}`);
    log(`polls stored in ${pollSeconds.toFixed(1)} s; waiting for the correlator to catch up`);
    await caughtUp(dataSource);
    const pipelineSeconds = (performance.now() - pipelineStarted) / 1000;
    await job.beforeApplicationShutdown();

    log('rebuilding from the log');
    const rebuildStarted = performance.now();
    await app.get(RebuildService).rebuild();
    const rebuildSeconds = (performance.now() - rebuildStarted) / 1000;
    const [counts] = await dataSource.query(
      `SELECT (SELECT count(*)::int FROM raw_signals) AS signals, (SELECT count(*)::int FROM incidents) AS incidents`,
    );
    const { signals, incidents } = counts as { signals: number; incidents: number };
    const disk = await diskPerTenant(dataSource);

    log('measuring the correlator lag with the correlator job running');
    const lags = await correlatorLag(dataSource, new CorrelatorJob(correlator, dataSource));

    await app.close();

    const client = new pg.Client({ connectionString: database.url });
    client.on('error', (error) => log(`database connection: ${error.message}`));
    await client.connect();

    log('copying the same rows with a plain COPY');
    // The server reads and writes the file itself, so it lives in the cluster's folder, which it owns.
    const file = path.join(dataDir, 'postgres', 'bench-signals.copy');
    // The rows as a log without payload deduplication would hold them: each with its whole payload.
    const columns =
      'channel, tenant_id, kind, external_id, content_hash, revision, observed_at, published_at, payload';
    // Without the lag phase's own signals: the same rows the pipeline measured.
    await client.query(
      `COPY (SELECT ${columns} FROM raw_signals s JOIN raw_payloads p ON p.hash = s.payload_hash
             WHERE s.external_id NOT LIKE 'lag-%') TO '${file}'`,
    );
    await client.query(
      `CREATE TABLE raw_signals_copy AS SELECT ${columns} FROM raw_signals s JOIN raw_payloads p ON false`,
    );
    const copyStarted = performance.now();
    await client.query(`COPY raw_signals_copy (${columns}) FROM '${file}'`);
    const copySeconds = (performance.now() - copyStarted) / 1000;
    await client.end();
    log(`pipeline ${pipelineSeconds.toFixed(1)} s, copy ${copySeconds.toFixed(2)} s`);

    const pipelineRate = signals / pipelineSeconds;
    const copyRate = signals / copySeconds;
    const rebuildRate = signals / rebuildSeconds;
    const percentile = (p: number) => lags[Math.min(lags.length - 1, Math.floor((p / 100) * lags.length))]!;
    process.stdout.write(
      [
        `history: ${INCIDENTS} incidents over ${TENANTS} tenants (seed ${SEED}) → ${signals} raw signals, ${incidents} incidents`,
        '',
        '| path | seconds | signals/s | ratio to COPY |',
        '|---|---:|---:|---:|',
        `| Beacon pipeline (HTTP, validation, storage, correlation) | ${pipelineSeconds.toFixed(2)} | ${pipelineRate.toFixed(0)} | ${(pipelineRate / copyRate).toFixed(3)} |`,
        `| of which the polls (HTTP, validation, append) | ${pollSeconds.toFixed(2)} | ${(signals / pollSeconds).toFixed(0)} | ${(signals / pollSeconds / copyRate).toFixed(3)} |`,
        `| rebuild of the same log | ${rebuildSeconds.toFixed(2)} | ${rebuildRate.toFixed(0)} | ${(rebuildRate / copyRate).toFixed(3)} |`,
        `| plain COPY of the same rows | ${copySeconds.toFixed(2)} | ${copyRate.toFixed(0)} | 1.000 |`,
        '',
        `correlator lag (a poll's commit → its incident folded), ${lags.length} polls one after another: p50 ${percentile(50)} ms, p99 ${percentile(99)} ms, max ${lags.at(-1)} ms`,
        '',
        `disk per tenant: ${mb(disk.historyBytes)} MB for the 28 days of history (signals, payloads, incidents, indexes), ` +
          `plus ${mb(disk.pollRunBytesPerMonth)} MB a month of poll runs at one Graph poll a minute (${disk.pollRunRowBytes} bytes a run, kept POLL_RUNS_RETENTION_DAYS)`,
        '',
      ].join('\n'),
    );
  } finally {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/**
 * What a tenant costs on disk: the database's tables after the import, shared by the tenants (payloads
 * they share are stored once), and the poll runs a month of one-minute Graph polls adds (from the size of
 * the runs just written, indexes included).
 */
async function diskPerTenant(
  dataSource: DataSource,
): Promise<{ historyBytes: number; pollRunBytesPerMonth: number; pollRunRowBytes: number }> {
  const [row] = await dataSource.query(
    `SELECT (SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname NOT IN ('poll_runs', 'migrations'))::bigint AS tables,
            (SELECT count(*) FROM tenants)::int AS tenants,
            (SELECT avg(pg_column_size(r.*)) FROM poll_runs r)::int AS run_bytes`,
  );
  const { tables, tenants, run_bytes } = row as { tables: string; tenants: number; run_bytes: number };
  // A heap row's header and item pointer, and an entry in each of its three indexes (key, id and their pointer).
  const pollRunRowBytes = run_bytes + 28 + 3 * 24;
  return {
    historyBytes: Number(tables) / Math.max(tenants, 1),
    pollRunBytesPerMonth: pollRunRowBytes * 60 * 24 * 30,
    pollRunRowBytes,
  };
}

/**
 * Polls of one new X post each, one after another, while the correlator job runs as in an ingestor: the
 * milliseconds from each poll's commit to the correlator's cursor passing it, sorted.
 */
async function correlatorLag(dataSource: DataSource, job: CorrelatorJob, polls = 200): Promise<number[]> {
  await job.onApplicationBootstrap();
  const lags: number[] = [];
  try {
    for (let i = 0; i < polls; i++) {
      const id = `lag-${i}`;
      const text = `We're investigating an issue with Microsoft Teams. TM19${String(i).padStart(5, '0')}`;
      const payload = { id, text, created_at: new Date().toISOString() };
      await dataSource.transaction((manager) =>
        storeSignals(manager, [
          {
            channel: 'X',
            tenantId: null,
            kind: 'x.post',
            externalId: id,
            contentHash: id,
            payloadHash: contentHash(payload),
            publishedAt: null,
            payload,
          },
        ]),
      );
      const committed = performance.now();
      for (;;) {
        const [row] = await dataSource.query(`SELECT 1 FROM incident_references WHERE reference = $1`, [
          `TM19${String(i).padStart(5, '0')}`,
        ]);
        if (row) break;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      lags.push(Math.round(performance.now() - committed));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 200));
    }
  } finally {
    await job.beforeApplicationShutdown();
  }
  return lags.sort((a, b) => a - b);
}

await main();
