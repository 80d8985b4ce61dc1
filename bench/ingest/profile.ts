import 'reflect-metadata';
import { Correlator } from '#correlation';
import { PollRunner } from '#ingestion';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { CorrelatorJob } from '../../apps/ingestor/src/correlator.job.js';
import { cpuBetween, type CpuSeconds, cpuSeconds } from '../cpu-time.js';
import { caughtUp, loadAverage, startIngestionBench } from '../ingestion-bench.js';
import { pollAll } from './poll-all.js';

/**
 * Where bench:ingest's pipeline time goes: the same history and pipeline as `run.ts`, with the correlator's
 * steps on a timeline (start, length, signals; steps that found nothing final yet), active backends sampled
 * from `pg_stat_activity` every 50 ms (by wait and by statement), `pg_stat_statements`' top statements, the
 * CPU time of each process and the event loop's delay during the polls.
 * Run with `--cpu-prof` for Node's CPU profile. Not a test. Settings as `run.ts`'s.
 */
const TENANTS = Number(process.env.BENCH_TENANTS ?? 20);
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 2000);
const SEED = Number(process.env.BENCH_SEED ?? 7);
const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'beacon-bench-profile-'));
  chmodSync(dataDir, 0o755);
  const { database, app, dataSource, connectors, simulator, stop } = await startIngestionBench(
    dataDir,
    { seed: SEED, tenants: TENANTS, incidents: INCIDENTS },
    { statements: true },
  );
  try {
    const runner = app.get(PollRunner);
    const correlator = app.get(Correlator);
    const started = performance.now();
    const at = () => ((performance.now() - started) / 1000).toFixed(2);
    const timeline: string[] = [];
    let firstStep: string[] | null = null;
    const step = correlator.step.bind(correlator);
    correlator.step = async (...args) => {
      const stepStarted = at();
      const t = performance.now();
      const result = await step(...args);
      if (result?.applied && !firstStep) {
        firstStep = await topStatements(dataSource, 12);
        await dataSource.query(`SELECT pg_stat_statements_reset()`);
      }
      timeline.push(
        `${stepStarted} s +${(performance.now() - t).toFixed(0)} ms: ${result?.applied ?? 'locked'} signals${result?.pending ? ', more pending' : ''}`,
      );
      return result;
    };
    const sampler = new pg.Client({ connectionString: database.url, application_name: 'beacon-reads' });
    await sampler.connect();
    const samples = new Map<string, number>();
    let sampling = true;
    const sampled = (async () => {
      while (sampling) {
        const { rows } = await sampler.query<{ what: string }>(
          `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') || '  ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 70) AS what
           FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND datname = current_database()`,
        );
        for (const { what } of rows) samples.set(what, (samples.get(what) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    await dataSource.query(`SELECT pg_stat_statements_reset()`);
    const cpuSources = { dataDir, simulatorPid: simulator.process.pid! };
    const cpuAtStart = cpuSeconds(cpuSources);
    // The correlator shares this process's event loop with the polls: how long its callbacks wait.
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    const job = new CorrelatorJob(correlator, dataSource);
    await job.onApplicationBootstrap();
    await pollAll(connectors, (connector) =>
      runner.run(connector, { intervalMs: 60_000, timeoutMs: 600_000 }),
    );
    const polled = at();
    const cpuAtPolled = cpuSeconds(cpuSources);
    loopDelay.disable();
    await caughtUp(dataSource);
    const done = at();
    const cpuAtDone = cpuSeconds(cpuSources);
    await job.beforeApplicationShutdown();
    sampling = false;
    await sampled;
    await sampler.end();
    log(`polls done at ${polled} s, fold caught up at ${done} s (load ${loadAverage()})`);
    log(
      cpuTable([
        [`the polls (${polled} s)`, cpuBetween(cpuAtStart, cpuAtPolled), Number(polled)],
        [
          `the fold after them (${(Number(done) - Number(polled)).toFixed(2)} s)`,
          cpuBetween(cpuAtPolled, cpuAtDone),
          Number(done) - Number(polled),
        ],
      ]),
    );
    const ms = (nanoseconds: number) => (nanoseconds / 1e6).toFixed(0);
    log(
      `the event loop's delay during the polls: mean ${ms(loopDelay.mean)} ms, p99 ${ms(loopDelay.percentile(99))} ms, max ${ms(loopDelay.max)} ms`,
    );
    log('steps:');
    for (const line of timeline.filter((line) => !line.includes(': 0 signals'))) log(`  ${line}`);
    log(`  (${timeline.filter((line) => line.includes(': 0 signals')).length} steps with nothing to fold)`);
    log('active backends, samples every 50 ms:');
    for (const [what, n] of [...samples].sort((a, b) => b[1] - a[1]).slice(0, 20)) log(`  ${n}  ${what}`);
    log('statements until the first step with signals ended:');
    for (const line of firstStep ?? []) log(line);
    log('statements after it:');
    for (const line of await topStatements(dataSource, 25)) log(line);
    await app.close();
  } finally {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** CPU seconds by process in each part of the run, and how many of the machine's cores that kept busy. */
function cpuTable(parts: Array<[string, CpuSeconds, number]>): string {
  const rows = parts.map(([name, cpu, seconds]) => {
    const total = cpu.beacon + cpu.postgres + cpu.simulator;
    const cores = (total / seconds).toFixed(2);
    return `  ${name}: Beacon ${cpu.beacon.toFixed(2)}, PostgreSQL ${cpu.postgres.toFixed(2)}, simulator ${cpu.simulator.toFixed(2)} = ${total.toFixed(2)} CPU s (${cores} of ${availableParallelism()} cores)`;
  });
  return ['CPU seconds (/proc):', ...rows].join('\n');
}

async function topStatements(dataSource: DataSource, limit: number): Promise<string[]> {
  const top: Array<{ ms: number; calls: number; rows: number; query: string }> = await dataSource.query(
    `SELECT round(total_exec_time)::int AS ms, calls::int, rows::int, left(regexp_replace(query, '\\s+', ' ', 'g'), 150) AS query
     FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat%' ORDER BY total_exec_time DESC LIMIT ${limit}`,
  );
  return top.map((row) => `  ${row.ms} ms  ${row.calls} calls  ${row.rows} rows  ${row.query}`);
}

await main();
