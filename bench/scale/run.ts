import { migrateDatabase, startEmbeddedDatabase } from '#persistence';
import { freePort } from '#testing';
import { type ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { stringify } from 'yaml';
import { generateHistory } from '../../apps/simulator/src/index.js';
import { startSimulatorProcess } from '../simulator.process.js';

/**
 * `npm run bench:scale`: many tenants (the simulator's history generator, in real time) polled at the
 * default intervals by one, then two, then three ingestor processes (the built `start:ingestor`, real
 * processes on one embedded PostgreSQL), then one of them killed (kill -9). It samples, every second,
 * which process holds which sources (pg_locks), each process's RSS and CPU (/proc), and the correlator's
 * cursor, and reads the rest from `poll_runs`. Not a test: it prints a table (see docs/benchmarks.md).
 * Settings: BENCH_TENANTS (1000), BENCH_INCIDENTS (200), BENCH_LIVE_INCIDENTS (100: incidents that start
 * during the run), BENCH_PHASE_SECONDS (120, each of the four phases), BENCH_SEED (7).
 */
const TENANTS = Number(process.env.BENCH_TENANTS ?? 1000);
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 200);
const LIVE_INCIDENTS = Number(process.env.BENCH_LIVE_INCIDENTS ?? 100);
const PHASE_MS = Number(process.env.BENCH_PHASE_SECONDS ?? 120) * 1000;
const SEED = Number(process.env.BENCH_SEED ?? 7);
const INGESTOR = fileURLToPath(new URL('../../apps/ingestor/src/main.js', import.meta.url));
const CLOCK_TICKS = 100;
const CURSOR_SAMPLE_MS = 20; // USER_HZ: /proc's CPU times are in these
const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

interface Ingestor {
  name: string;
  process: ChildProcess;
  rssPeakMb: number;
  rssLastMb: number;
  cpuTicks: number;
  /** CPU ticks and time at the phase's start. */
  mark: { ticks: number; at: number };
}

interface Phase {
  name: string;
  from: number;
  to: number;
  sourcesPerProcess: string;
  cpu: string;
  rss: string;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'beacon-bench-scale-'));
  chmodSync(dataDir, 0o755);
  const scenarioFile = path.join(dataDir, 'history.yaml');
  const duration = Math.ceil((4 * PHASE_MS) / 1000) + 600;
  writeFileSync(scenarioFile, stringify(withLiveIncidents(duration)));
  log(
    `history: ${INCIDENTS} incidents, ${TENANTS} tenants, seed ${SEED}, live for ${duration} s with ${LIVE_INCIDENTS} more incidents`,
  );
  const simulator = await startSimulatorProcess(scenarioFile, { paused: false });
  // Commit times, for the lag from a signal stored (its poll's commit) to its state visible (the step's).
  const database = await startEmbeddedDatabase({ dataDir, settings: { track_commit_timestamp: 'on' } });
  const ingestors: Ingestor[] = [];
  const db = new pg.Client({ connectionString: database.url });
  try {
    await migrateDatabase(database.url);
    await db.connect();
    const env = { ...process.env, ...simulator.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn' };
    const start = async (name: string) => {
      const child = spawn(process.execPath, [INGESTOR], {
        env: { ...env, PORT: String(await freePort()) },
        stdio: ['ignore', process.stderr, 'inherit'], // warnings and errors only (LOG_LEVEL)
      });
      const ingestor = {
        name,
        process: child,
        rssPeakMb: 0,
        rssLastMb: 0,
        cpuTicks: 0,
        mark: { ticks: 0, at: 0 },
      };
      ingestors.push(ingestor);
      return ingestor;
    };
    const alive = () => ingestors.filter((i) => i.process.exitCode === null && i.process.signalCode === null);

    const samples: Array<{ at: number; held: Map<string, number> }> = [];
    const cursorSamples: Array<{ at: number; observedAt: number; id: number }> = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const at = Date.now();
        samples.push({ at, held: await heldByProcess(db, alive()) });
        for (const ingestor of alive()) readProc(ingestor);
        await sleep(Math.max(0, 1000 - (Date.now() - at)));
      }
    })();

    // The correlator's cursor and the commit time of the step that moved it, fifty times a second, on a
    // connection of its own: when each signal's state became visible (a step between two samples is seen
    // at the next one's commit, so the lag is rounded up, never down).
    const cursorDb = new pg.Client({ connectionString: database.url });
    await cursorDb.connect();
    const cursorSampler = (async () => {
      while (sampling) {
        const at = Date.now();
        const [cursor] = (
          await cursorDb.query<{ at: string; id: string; committed: string }>(
            `SELECT (extract(epoch FROM last_observed_at) * 1000)::bigint AS at, last_id AS id,
                    (extract(epoch FROM pg_xact_commit_timestamp(xmin)) * 1000)::bigint AS committed
             FROM correlation_cursor`,
          )
        ).rows;
        if (cursor) {
          const sample = {
            at: Number(cursor.committed),
            observedAt: Number(cursor.at),
            id: Number(cursor.id),
          };
          if (sample.at !== cursorSamples.at(-1)?.at) cursorSamples.push(sample);
        }
        await sleep(Math.max(0, CURSOR_SAMPLE_MS - (Date.now() - at)));
      }
    })();

    const phases: Phase[] = [];
    const runPhase = async (name: string, ms: number) => {
      const from = Date.now();
      for (const ingestor of alive()) ingestor.mark = { ticks: ingestor.cpuTicks, at: from };
      for (const ingestor of alive()) ingestor.rssPeakMb = 0;
      await sleep(ms);
      const to = Date.now();
      const last = samples.at(-1)!;
      phases.push({
        name,
        from,
        to,
        sourcesPerProcess: [...last.held.values()].join(' / '),
        cpu: alive()
          .map(
            (i) =>
              `${(((i.cpuTicks - i.mark.ticks) / CLOCK_TICKS / ((to - i.mark.at) / 1000)) * 100).toFixed(0)}%`,
          )
          .join(' / '),
        rss: alive()
          .map((i) => `${i.rssLastMb.toFixed(0)} (peak ${i.rssPeakMb.toFixed(0)})`)
          .join(' / '),
      });
      log(`${name}: sources ${phases.at(-1)!.sourcesPerProcess}, RSS MB ${phases.at(-1)!.rss}`);
    };

    const sources = expectedSources(simulator.env);
    log(`${sources} sources; starting one ingestor`);
    const t0 = Date.now();
    await start('A');
    const firstRound = await until(
      async () =>
        Number(
          (
            await db.query(
              `SELECT count(DISTINCT source_id) AS n FROM poll_runs WHERE finished_at IS NOT NULL`,
            )
          ).rows[0].n,
        ) >= sources,
    );
    const firstRoundSeconds = (firstRound - t0) / 1000;
    log(`first round of ${sources} polls in ${firstRoundSeconds.toFixed(1)} s`);
    const firstRoundRss = ingestors[0]!.rssPeakMb;
    // Live signals keep coming (each change, once per tenant's poll): the import is folded once the cursor
    // has passed what the first round stored.
    const imported = await logEnd(db);
    await until(() => passed(db, imported));
    const importFolded = Date.now();
    log(`the correlator caught up ${((Date.now() - firstRound) / 1000).toFixed(1)} s after the first round`);
    const sizeAfterImport = await databaseSize(db);
    const importDone = Date.now();
    await runPhase('1 process', PHASE_MS);

    const joinB = await joined(db, start('B'), 1);
    const tookShareB = await until(
      async () => (samples.at(-1)?.held.get('B') ?? 0) >= Math.floor(sources / 2),
    );
    log(`B holds its share after ${((tookShareB - joinB) / 1000).toFixed(1)} s`);
    await runPhase('2 processes', PHASE_MS);

    const joinC = await joined(db, start('C'), 2);
    const tookShareC = await until(
      async () => (samples.at(-1)?.held.get('C') ?? 0) >= Math.floor(sources / 3),
    );
    log(`C holds its share after ${((tookShareC - joinC) / 1000).toFixed(1)} s`);
    await runPhase('3 processes', PHASE_MS);

    const victim = ingestors.find((i) => i.name === 'B')!;
    const victimHeld = samples.at(-1)!.held.get('B') ?? 0;
    victim.process.kill('SIGKILL');
    const killedAt = Date.now();
    const takenOver = await until(async () => {
      const held = samples.at(-1)!;
      return held.at > killedAt && [...held.held.values()].reduce((a, b) => a + b, 0) >= sources;
    });
    log(
      `B (${victimHeld} sources) killed; all sources held again after ${((takenOver - killedAt) / 1000).toFixed(1)} s`,
    );
    await runPhase('2 processes after kill -9 of one', PHASE_MS);
    const sizeAtEnd = await databaseSize(db);
    const end = Date.now();

    sampling = false;
    await Promise.all([sampler, cursorSampler]);
    await cursorDb.end();

    const rows: string[] = [];
    for (const phase of phases) {
      const durations = await pollDurations(db, phase.from, phase.to);
      const rate = await requestRates(db, phase.from, phase.to);
      const { fromCommit } = await correlatorLag(db, cursorSamples, phase.from, phase.to);
      rows.push(
        `| ${phase.name} | ${phase.sourcesPerProcess} | ${durations.p50} / ${durations.p99} | ${fromCommit.p50} / ${fromCommit.p99} | ${rate.perMinuteMax} | ${rate.perHour} | ${phase.rss} | ${phase.cpu} |`,
      );
    }
    // Read once the run is over: a long statement during it would hold back the log's horizon, which
    // waits for every transaction, a benchmark's too.
    const importLag = await correlatorLag(db, cursorSamples, t0, importFolded);
    const lag = await correlatorLag(db, cursorSamples, importDone, end);
    const throttled = await refereeThrottles(db);
    const growth = ((sizeAtEnd - sizeAfterImport) / TENANTS) * (86_400_000 / (end - importDone));
    process.stdout.write(
      [
        `${TENANTS} tenants (${sources} sources), ${INCIDENTS} incidents (seed ${SEED}), default poll intervals (Graph 60 s, status site and X 120 s), phases of ${PHASE_MS / 1000} s`,
        '',
        `first round of polls (one process, empty database): ${firstRoundSeconds.toFixed(1)} s, RSS peak ${firstRoundRss.toFixed(0)} MB; correlator lag during the first import (a poll's commit → the step's that folded it): p50 ${importLag.fromCommit.p50} ms, p99 ${importLag.fromCommit.p99} ms (${importLag.fromCommit.n} signals)`,
        `a joining process holds its share (from its first beat): 2nd after ${((tookShareB - joinB) / 1000).toFixed(1)} s, 3rd after ${((tookShareC - joinC) / 1000).toFixed(1)} s`,
        `kill -9 of a process holding ${victimHeld} sources: all held again after ${((takenOver - killedAt) / 1000).toFixed(1)} s`,
        `Graph answers 429 (the simulator's referee): ${throttled.upstream}; polls refused by Beacon's own budget: ${throttled.own}`,
        `correlator lag after the first import (a poll's commit → the commit of the step that folded it): p50 ${lag.fromCommit.p50} ms, p99 ${lag.fromCommit.p99} ms (${lag.fromCommit.n} signals); from the poll's transaction start: p50 ${lag.fromStart.p50} ms, p99 ${lag.fromStart.p99} ms`,
        `database growth after the first import: ${(growth / 1024).toFixed(1)} KB per tenant per day`,
        '',
        '| phase | sources per process | poll ms p50 / p99 | correlator lag ms p50 / p99 | requests per tenant, busiest minute | requests per tenant per hour (rate) | RSS MB per process, end (peak) | CPU per process (of a core) |',
        '|---|---|---:|---:|---:|---:|---|---|',
        ...rows,
        '',
      ].join('\n'),
    );
  } finally {
    for (const ingestor of ingestors) ingestor.process.kill('SIGTERM');
    await sleep(2000);
    await db.end().catch(() => undefined);
    simulator.process.kill('SIGTERM');
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The history, plus incidents that start while the benchmark runs (from 15 minutes before its start, so
 * that posts land from the first second): the 28 days' history starts few of its own during a run, and
 * each post of a global one is listed by every tenant's next poll, so that the lag after the import rests
 * on thousands of signals. Their ids are moved past the history's; their tweets are left out.
 */
function withLiveIncidents(duration: number): ReturnType<typeof generateHistory> {
  const history = generateHistory({ seed: SEED, tenants: TENANTS, incidents: INCIDENTS, duration });
  const live = generateHistory({
    seed: SEED + 1,
    tenants: TENANTS,
    incidents: LIVE_INCIDENTS,
    messages: 0,
    days: 900 / 86_400,
    duration,
  });
  const issues = (live.graph?.issues ?? []).map((issue) => ({
    ...issue,
    id: issue.id.replace(/\d+$/, (n) => String(Number(n) + 800_000)),
  }));
  return { ...history, graph: { ...history.graph, issues: [...(history.graph?.issues ?? []), ...issues] } };
}

/** Resolves with the time the started process beat first (the members went past `before`). */
async function joined(db: pg.Client, starting: Promise<unknown>, before: number): Promise<number> {
  await starting;
  return until(
    async () => Number((await db.query(`SELECT count(*) AS n FROM ingestor_members`)).rows[0].n) > before,
  );
}

/** The newest stored signal's place in the log. */
async function logEnd(db: pg.Client): Promise<{ observedAt: string; id: string }> {
  // As text: a Date would drop the microseconds.
  const { rows } = await db.query(
    `SELECT observed_at::text AS observed_at, id::text FROM raw_signals ORDER BY observed_at DESC, id DESC LIMIT 1`,
  );
  return { observedAt: rows[0].observed_at, id: rows[0].id };
}

/** Whether the correlator's cursor has reached this place in the log. */
async function passed(db: pg.Client, position: { observedAt: string; id: string }): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT (last_observed_at, last_id) >= ($1::timestamptz, $2::bigint) AS done FROM correlation_cursor`,
    [position.observedAt, position.id],
  );
  return rows[0]?.done === true;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with the time `done` first held (checked every 250 ms). */
async function until(done: () => Promise<boolean>, timeoutMs = 30 * 60_000): Promise<number> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(100))
    if (await done()) return Date.now();
  throw new Error('timed out');
}

/** The sources Beacon will poll: a Graph source per tenant, and the status site and X when configured. */
function expectedSources(env: Record<string, string>): number {
  return TENANTS + (env.STATUS_SITE_URL ? 1 : 0) + (env.X_BEARER_TOKEN ? 1 : 0);
}

/** Source locks held per ingestor: each lock session is matched to the process by its TCP port. */
async function heldByProcess(db: pg.Client, ingestors: Ingestor[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ port: number; n: string }>(
    `SELECT a.client_port AS port, count(*) AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 AND l.classid = ${0x4243_4e31}::bigint::oid
     GROUP BY a.client_port`,
  );
  const held = new Map(ingestors.map((i) => [i.name, 0]));
  const ports = new Map(ingestors.map((i) => [i.name, localPorts(i.process.pid!)]));
  for (const row of rows) {
    const owner = ingestors.find((i) => ports.get(i.name)!.has(row.port))?.name ?? '?';
    held.set(owner, (held.get(owner) ?? 0) + Number(row.n));
  }
  return held;
}

/** The local ports of a process's TCP sockets, from /proc (its sockets' inodes, then the TCP tables). */
function localPorts(pid: number): Set<number> {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match) inodes.add(match[1]!);
      } catch {
        // closed meanwhile
      }
    }
  } catch {
    return new Set(); // exited
  }
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length > 9 && inodes.has(fields[9]!))
        ports.add(Number.parseInt(fields[1]!.split(':').at(-1)!, 16));
    }
  }
  return ports;
}

/** RSS and CPU time of an ingestor, from /proc. */
function readProc(ingestor: Ingestor): void {
  try {
    const status = readFileSync(`/proc/${ingestor.process.pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    ingestor.rssLastMb = rssKb / 1024;
    ingestor.rssPeakMb = Math.max(ingestor.rssPeakMb, ingestor.rssLastMb);
    const stat = readFileSync(`/proc/${ingestor.process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ingestor.cpuTicks = Number(fields[11]) + Number(fields[12]); // utime, stime
  } catch {
    // exited
  }
}

async function databaseSize(db: pg.Client): Promise<number> {
  return Number((await db.query(`SELECT pg_database_size(current_database()) AS n`)).rows[0].n);
}

async function pollDurations(db: pg.Client, from: number, to: number): Promise<{ p50: number; p99: number }> {
  const { rows } = await db.query(
    `SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50,
            percentile_disc(0.99) WITHIN GROUP (ORDER BY duration_ms) AS p99
     FROM poll_runs WHERE started_at >= to_timestamp($1 / 1000.0) AND started_at < to_timestamp($2 / 1000.0)
       AND duration_ms IS NOT NULL`,
    [from, to],
  );
  return { p50: Number(rows[0].p50), p99: Number(rows[0].p99) };
}

/**
 * Graph requests per tenant (tokens included): the most in any minute (by poll start, per tenant), and the
 * phase's rate scaled to an hour, the busiest tenant's.
 */
async function requestRates(
  db: pg.Client,
  from: number,
  to: number,
): Promise<{ perMinuteMax: number; perHour: number }> {
  const { rows } = await db.query(
    `WITH runs AS (
       SELECT r.source_id, r.started_at, r.requests FROM poll_runs r JOIN sources s ON s.id = r.source_id
       WHERE s.channel = 'GRAPH' AND r.started_at >= to_timestamp($1 / 1000.0) AND r.started_at < to_timestamp($2 / 1000.0))
     SELECT (SELECT max((SELECT sum(b.requests) FROM runs b WHERE b.source_id = a.source_id
                          AND b.started_at >= a.started_at AND b.started_at < a.started_at + interval '1 minute'))
             FROM runs a) AS per_minute,
            (SELECT max(n) FROM (SELECT sum(requests) AS n FROM runs GROUP BY source_id) t) AS total`,
    [from, to],
  );
  return {
    perMinuteMax: Number(rows[0].per_minute ?? 0),
    perHour: Math.round(Number(rows[0].total ?? 0) * (3_600_000 / (to - from))),
  };
}

/** 429s Graph (the simulator) answered, and polls Beacon's own budget refused before asking. */
async function refereeThrottles(db: pg.Client): Promise<{ upstream: number; own: number }> {
  const { rows } = await db.query(
    `SELECT count(*) FILTER (WHERE error NOT LIKE '%request budget spent%') AS upstream,
            count(*) FILTER (WHERE error LIKE '%request budget spent%') AS own
     FROM poll_runs WHERE error_kind = 'throttled'`,
  );
  return { upstream: Number(rows[0].upstream), own: Number(rows[0].own) };
}

/**
 * For each signal stored in [from, to): from its poll's commit (stored) to the commit of the correlator's
 * step that folded it (visible), as the issue defines the lag; and, as the last stop measured it, from its
 * poll's transaction start (`observed_at`), which adds the poll's own append.
 */
async function correlatorLag(
  db: pg.Client,
  cursors: Array<{ at: number; observedAt: number; id: number }>,
  from: number,
  to: number,
): Promise<{ fromCommit: Percentiles; fromStart: Percentiles }> {
  const { rows } = await db.query<{ at: string; id: string; committed: string }>(
    `SELECT (extract(epoch FROM observed_at) * 1000)::bigint AS at, id,
            (extract(epoch FROM pg_xact_commit_timestamp(xmin)) * 1000)::bigint AS committed
     FROM raw_signals
     WHERE observed_at >= to_timestamp($1 / 1000.0) AND observed_at < to_timestamp($2 / 1000.0)
     ORDER BY observed_at, id`,
    [from, to],
  );
  const fromCommit: number[] = [];
  const fromStart: number[] = [];
  let c = 0;
  for (const row of rows) {
    const at = Number(row.at);
    const id = Number(row.id);
    while (
      c < cursors.length &&
      (cursors[c]!.observedAt < at || (cursors[c]!.observedAt === at && cursors[c]!.id < id))
    )
      c++;
    if (c === cursors.length) break;
    fromCommit.push(cursors[c]!.at - Number(row.committed));
    fromStart.push(cursors[c]!.at - at);
  }
  return { fromCommit: percentiles(fromCommit), fromStart: percentiles(fromStart) };
}

interface Percentiles {
  p50: number;
  p99: number;
  n: number;
}

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const pick = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return { p50: pick(0.5), p99: pick(0.99), n: sorted.length };
}

await main();
