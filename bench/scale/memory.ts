import { migrateDatabase, startEmbeddedDatabase } from '#persistence';
import { freePort } from '#testing';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { stringify } from 'yaml';
import { generateHistory } from '../../apps/simulator/src/index.js';
import { startSimulatorProcess } from '../simulator.process.js';

/**
 * `node dist/bench/scale/memory.js`: where an ingestor's memory goes with many tenants. The simulator's
 * history generator (as bench:scale) and one built ingestor process on an empty embedded PostgreSQL, with
 * bench/scale/memory.probe.js loaded: its memory and CPU time every 5 s through the first round of polls
 * and after it, and a heap snapshot at the end (BENCH_SNAPSHOT=1; read it with bench/scale/heap-summary.js).
 * Not a test: it prints what it saw. Settings: BENCH_TENANTS (1000), BENCH_INCIDENTS (200),
 * BENCH_LIMIT_SECONDS (1800: the first round is cut short then), BENCH_AFTER_SECONDS (60, how long to watch
 * after the first round), BENCH_SEED (7), BENCH_ALLOCATIONS=1 (an allocation profile instead of the snapshot:
 * bench/scale/memory.probe.ts); to compare, BENCH_NODE_OPTIONS (the ingestor's node flags) and
 * BENCH_INGESTOR (another entry point than the built ingestor's).
 */
const TENANTS = Number(process.env.BENCH_TENANTS ?? 1000);
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 200);
const AFTER_MS = Number(process.env.BENCH_AFTER_SECONDS ?? 60) * 1000;
const LIMIT_MS = Number(process.env.BENCH_LIMIT_SECONDS ?? 1800) * 1000;
const SEED = Number(process.env.BENCH_SEED ?? 7);
const INGESTOR =
  process.env.BENCH_INGESTOR ?? fileURLToPath(new URL('../../apps/ingestor/src/main.js', import.meta.url));
const PROBE = fileURLToPath(new URL('./memory.probe.js', import.meta.url));
const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Sample {
  at: number;
  rss?: number;
  cpuSeconds?: number;
  heapUsed?: number;
  external?: number;
  arrayBuffers?: number;
  spaces?: Record<string, number>;
  snapshot?: string;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'beacon-bench-memory-'));
  chmodSync(dataDir, 0o755);
  const scenarioFile = path.join(dataDir, 'history.yaml');
  const memoryLog = path.join(dataDir, 'memory.jsonl');
  writeFileSync(
    scenarioFile,
    stringify(generateHistory({ seed: SEED, tenants: TENANTS, incidents: INCIDENTS, duration: 3600 })),
  );
  const simulator = await startSimulatorProcess(scenarioFile, { paused: false });
  const database = await startEmbeddedDatabase({ dataDir });
  const db = new pg.Client({ connectionString: database.url });
  try {
    await migrateDatabase(database.url);
    await db.connect();
    const t0 = Date.now();
    const flags = (process.env.BENCH_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
    const ingestor = spawn(process.execPath, [...flags, '--import', PROBE, INGESTOR], {
      env: {
        ...process.env,
        ...simulator.env,
        DATABASE_URL: database.url,
        LOG_LEVEL: 'warn',
        PORT: String(await freePort()),
        BENCH_MEMORY_LOG: memoryLog,
      },
      stdio: ['ignore', process.stderr, 'inherit'],
    });
    const sources = TENANTS + 2;
    log(`${TENANTS} tenants, one ingestor ${flags.join(' ')}; memory log ${memoryLog}`);
    const polled = async () =>
      Number(
        (
          await db.query<{ n: string }>(
            `SELECT count(DISTINCT source_id) AS n FROM poll_runs WHERE finished_at IS NOT NULL`,
          )
        ).rows[0]!.n,
      );
    while ((await polled()) < sources && Date.now() - t0 < LIMIT_MS) await sleep(1000);
    const firstRound = Date.now();
    const round = `${await polled()} of ${sources} sources polled in ${((firstRound - t0) / 1000).toFixed(1)} s`;
    log(round);
    await sleep(AFTER_MS);
    // The work done, to weigh the CPU time against: polls run and signals the correlator folded.
    const [work] = (
      await db.query<{ polls: string; folded: string }>(
        `SELECT (SELECT count(*) FROM poll_runs WHERE finished_at IS NOT NULL) AS polls,
           (SELECT count(*) FROM raw_signals WHERE id <= (SELECT last_id FROM correlation_cursor)) AS folded`,
      )
    ).rows;
    if (process.env.BENCH_SNAPSHOT === '1' || process.env.BENCH_ALLOCATIONS === '1') {
      ingestor.kill('SIGUSR2');
      await sleep(30_000);
    }
    ingestor.kill('SIGTERM');
    await new Promise((resolve) => ingestor.once('exit', resolve));
    const samples = readFileSync(memoryLog, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Sample);
    const during = samples.filter((s) => s.rss !== undefined && s.at <= firstRound);
    const after = samples.filter((s) => s.rss !== undefined && s.at > firstRound);
    const peak = (list: Sample[], key: 'rss' | 'heapUsed') => Math.max(...list.map((s) => s[key] ?? 0));
    process.stdout.write(
      [
        `${INGESTOR}: tenants ${TENANTS}, flags '${flags.join(' ')}'; ${round}`,
        `work: ${work?.polls} polls, ${work?.folded} signals folded`,
        `CPU: ${during.at(-1)?.cpuSeconds} s in the first round, ${after.at(-1)?.cpuSeconds} s at the end`,
        `first round: RSS peak ${peak(during, 'rss')} MB, heap used peak ${peak(during, 'heapUsed')} MB`,
        `after it (${AFTER_MS / 1000} s): RSS peak ${peak(after, 'rss')} MB, heap used peak ${peak(after, 'heapUsed')} MB`,
        `last sample: ${JSON.stringify(after.at(-1) ?? during.at(-1))}`,
        ...samples.filter((s) => s.snapshot).map((s) => `heap snapshot: ${s.snapshot}`),
        '',
      ].join('\n'),
    );
  } finally {
    await db.end().catch(() => undefined);
    simulator.process.kill('SIGTERM');
    await database.stop();
    if (process.env.BENCH_KEEP !== '1') rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
