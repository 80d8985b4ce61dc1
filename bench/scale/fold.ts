import 'reflect-metadata';
import { Correlator } from '#correlation';
import { PollRunner } from '#ingestion';
import { chmodSync, mkdirSync } from 'node:fs';
import { loadAverage, startIngestionBench } from '../ingestion-bench.js';

/**
 * Where a many-tenant first import's fold goes (issue 16): the simulator's history polled once by every
 * source (no correlator), kept in `BENCH_DATA_DIR` so that later runs fold the same log again; then the
 * derived state is emptied and the correlator's own steps fold the log, each step timed, with
 * `pg_stat_statements`' top statements. Not a test. Settings: BENCH_DATA_DIR (required), BENCH_TENANTS
 * (1000), BENCH_INCIDENTS (200), BENCH_SEED (7), BENCH_STEP (a fixed step size; by default the correlator's).
 */
const DATA_DIR = process.env.BENCH_DATA_DIR;
const TENANTS = Number(process.env.BENCH_TENANTS ?? 1000);
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 200);
const SEED = Number(process.env.BENCH_SEED ?? 7);
const STEP = process.env.BENCH_STEP ? Number(process.env.BENCH_STEP) : undefined;
const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  if (!DATA_DIR) throw new Error('BENCH_DATA_DIR: a folder kept between runs');
  mkdirSync(DATA_DIR, { recursive: true });
  chmodSync(DATA_DIR, 0o755);
  const { app, dataSource, connectors, stop } = await startIngestionBench(
    DATA_DIR,
    { seed: SEED, tenants: TENANTS, incidents: INCIDENTS },
    { statements: true },
  );
  try {
    const [{ n: stored }] = await dataSource.query(`SELECT count(*)::int AS n FROM raw_signals`);
    if (stored === 0) {
      log(`polling ${connectors.length} sources once each (no correlator)`);
      const runner = app.get(PollRunner);
      const started = performance.now();
      for (let i = 0; i < connectors.length; i += 50) {
        await Promise.all(
          connectors
            .slice(i, i + 50)
            .map((connector) => runner.run(connector, { intervalMs: 60_000, timeoutMs: 600_000 })),
        );
      }
      log(`polls stored in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    await dataSource.query(
      `DELETE FROM incidents; DELETE FROM messages; DELETE FROM service_evidence; DELETE FROM service_statuses;
       DELETE FROM service_status_changes; DELETE FROM incident_level_changes; DELETE FROM correlation_cursor`,
    );
    await dataSource.query(`VACUUM ANALYZE`);
    const [{ n: signals }] = await dataSource.query(`SELECT count(*)::int AS n FROM raw_signals`);
    await dataSource.query(`SELECT pg_stat_statements_reset()`);
    log(`folding ${signals} signals with the correlator's steps (load ${loadAverage()})`);
    const correlator = app.get(Correlator);
    const started = performance.now();
    let steps = 0;
    for (;;) {
      const stepStarted = performance.now();
      const step = await correlator.step(new Date(), false, STEP);
      steps++;
      if (!step || step.applied === 0) break;
      log(`step ${steps}: ${step.applied} signals in ${(performance.now() - stepStarted).toFixed(0)} ms`);
      if (!step.pending) break;
    }
    const seconds = (performance.now() - started) / 1000;
    log(`folded ${signals} signals in ${seconds.toFixed(1)} s: ${(signals / seconds).toFixed(0)} signals/s`);
    // What the correlator adds every 5 s once caught up: every tenant's statuses recomputed (time alone makes
    // Graph stale), in a step with nothing to fold.
    const everyTenant: number[] = [];
    for (let i = 0; i < 3; i++) {
      const stepStarted = performance.now();
      await correlator.step(new Date(), true);
      everyTenant.push(Math.round(performance.now() - stepStarted));
    }
    log(`an empty step recomputing every tenant's statuses: ${everyTenant.join(', ')} ms`);
    const top: Array<{ ms: number; calls: number; rows: number; query: string }> = await dataSource.query(
      `SELECT round(total_exec_time)::int AS ms, calls::int, rows::int, left(regexp_replace(query, '\\s+', ' ', 'g'), 140) AS query
       FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC LIMIT 15`,
    );
    for (const row of top) log(`${row.ms} ms  ${row.calls} calls  ${row.rows} rows  ${row.query}`);
    process.stdout.write(
      `${signals} signals, ${TENANTS} tenants: folded in ${seconds.toFixed(1)} s (${(signals / seconds).toFixed(0)} signals/s, ${steps} steps, load ${loadAverage()})\n`,
    );
    await app.close();
  } finally {
    await stop();
  }
}

await main();
