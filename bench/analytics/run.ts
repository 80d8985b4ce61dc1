import { migrateDatabase, startEmbeddedDatabase } from '#persistence';
import { type ChildProcess, fork } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { BENCH_TENANT, seedHistory } from '../api/seed.js';

/**
 * `npm run bench:analytics`: incident statistics over a seeded history (bench/api/seed.ts: 50,000 incidents,
 * 200,000 updates; three updates in four promise a next one; three or four Graph versions each, for the time
 * at each level; the facts kept by the migration's triggers) for each grouping, latency median and p99, then
 * the streamed exports: rows/s and the API process's resident memory before, during (peak) and after. Beacon
 * runs in a process of its own (bench/api/beacon.server.ts), so its RSS is the export's alone. Not a test:
 * it prints a table (see docs/benchmarks.md). Settings: BENCH_INCIDENTS (50000), BENCH_RUNS per grouping (20).
 */
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 50_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const GROUPINGS = ['SERVICE', 'FEATURE_GROUP', 'CLASSIFICATION', 'MONTH', 'WEEK', 'ORIGIN_CHANNEL'];
const EXPORTS = [
  '/export/incidents.csv',
  '/export/incidents.csv?updates=true',
  '/export/incidents.ndjson?updates=true',
];
const here = path.dirname(fileURLToPath(import.meta.url));
const log = (line: string) => process.stderr.write(`${line}\n`);

const STATISTICS = `query ($groupBy: StatisticsGrouping!) { incidentStatistics(groupBy: $groupBy) {
  total { incidentCount timeToResolve { p50Seconds p90Seconds maxSeconds }
    communication { graphLag { p50Seconds } fallbackOnly { count } neverOnGraphCount }
    promises { count keptCount lateCount lateness { p90Seconds } }
    timeAtLevel { level totalSeconds seconds { p50Seconds p90Seconds } }
    postIncidentReviews { share daysAfterEnd { p50Days p90Days } } }
  groups { key incidentCount timeToResolve { p50Seconds p90Seconds maxSeconds }
    promises { count keptCount lateCount } timeAtLevel { level seconds { p50Seconds } }
    postIncidentReviews { share daysAfterEnd { p50Days } } } } }`;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'beacon-bench-analytics-'));
  chmodSync(dataDir, 0o755);
  const database = await startEmbeddedDatabase({ dataDir });
  let server: ChildProcess | undefined;
  try {
    await migrateDatabase(database.url);
    const started = Date.now();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await seedHistory(client, INCIDENTS);
    // Microsoft's promise on three posts in four, an hour ahead; the seed's next post comes a while later.
    await client.query(`UPDATE incident_updates SET text = text || E'\\nNext update by: '
      || to_char((posted_at + interval '1 hour') AT TIME ZONE 'UTC', 'FMDay, FMMonth FMDD, YYYY, "at" FMHH12:MI AM "UTC"')
      WHERE abs(hashtext(id::text)) % 4 <> 0`);
    // Graph's versions of each incident, as the correlator records them: investigating 10 minutes in,
    // degraded at 40, restored at the end (resolved ones), the review three days later (one in seven).
    await client.query(`INSERT INTO incident_level_changes (reference, channel, changed_at, level, status)
      SELECT i.reference, 'GRAPH', i.started_at + v.after::interval, v.level::health_level, v.status
      FROM incidents i CROSS JOIN (VALUES ('10 minutes', 'INVESTIGATING', 'investigating'),
        ('40 minutes', 'DEGRADED', 'serviceDegradation'), ('3 hours', 'OPERATIONAL', 'serviceRestored'),
        ('3 days 3 hours', 'OPERATIONAL', 'postIncidentReviewPublished')) AS v (after, level, status)
      WHERE (v.status <> 'serviceRestored' OR i.is_resolved)
        AND (v.status <> 'postIncidentReviewPublished' OR i.post_incident_report_available)`);
    await client.query('VACUUM ANALYZE');
    const { rows } = await client.query<{ promises: number }>(
      'SELECT count(next_update_by)::int AS promises FROM incident_updates',
    );
    await client.end();
    log(
      `seeded ${INCIDENTS} incidents, ${rows[0]!.promises} promises, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    server = fork(path.join(here, '../api/beacon.server.js'), {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        PORT: '4111',
        GRAPH_TENANT_ID: BENCH_TENANT,
        GRAPH_CLIENT_ID: 'bench',
        GRAPH_CLIENT_SECRET: 'bench',
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      server!.once('message', (message) => resolve((message as { url: string }).url));
      server!.once('exit', (code) => reject(new Error(`beacon.server exited with code ${code}`)));
    });

    const lines = ['| grouping | groups | median (ms) | p99 (ms) |', '| --- | ---: | ---: | ---: |'];
    for (const groupBy of GROUPINGS) {
      const times: number[] = [];
      let groups = 0;
      for (let run = -2; run < RUNS; run++) {
        const start = performance.now();
        groups = await statistics(url, groupBy);
        if (run >= 0) times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      const median = times[Math.floor((times.length - 1) / 2)]!;
      const p99 = times[Math.min(times.length - 1, Math.ceil(times.length * 0.99) - 1)]!;
      lines.push(`| ${groupBy} | ${groups} | ${median.toFixed(0)} | ${p99.toFixed(0)} |`);
      log(`statistics by ${groupBy}: median ${median.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms`);
    }

    lines.push(
      '',
      '| export | rows | rows/s | MB | RSS before (MB) | RSS peak during (MB) | RSS after (MB) |',
    );
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const exportPath of EXPORTS) {
      const before = rssMb(server.pid!);
      const result = await exportOnce(url, exportPath, server.pid!);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const after = rssMb(server.pid!);
      lines.push(
        `| \`${exportPath}\` | ${result.rows} | ${Math.round(result.rows / result.seconds)} | ` +
          `${(result.bytes / 1e6).toFixed(0)} | ${before.toFixed(0)} | ${result.peakRss.toFixed(0)} | ${after.toFixed(0)} |`,
      );
      log(
        `${exportPath}: ${result.rows} rows in ${result.seconds.toFixed(1)} s, RSS ${before.toFixed(0)} → ${result.peakRss.toFixed(0)} → ${after.toFixed(0)} MB`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    if (server) {
      server.disconnect();
      await new Promise((resolve) => server!.once('exit', resolve));
    }
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function statistics(url: string, groupBy: string): Promise<number> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: STATISTICS, variables: { groupBy } }),
  });
  const body = (await response.json()) as {
    data?: { incidentStatistics: { groups: unknown[] } };
    errors?: unknown;
  };
  if (!body.data) throw new Error(`statistics by ${groupBy} failed: ${JSON.stringify(body.errors)}`);
  return body.data.incidentStatistics.groups.length;
}

/** Reads the export as it streams, counting records, while sampling the server's RSS every 50 ms. */
async function exportOnce(
  url: string,
  exportPath: string,
  pid: number,
): Promise<{ rows: number; bytes: number; seconds: number; peakRss: number }> {
  let peakRss = rssMb(pid);
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(pid))), 50);
  const start = performance.now();
  try {
    const response = await fetch(`${url}${exportPath}`);
    if (response.status !== 200) throw new Error(`${exportPath}: HTTP ${response.status}`);
    const separator = exportPath.includes('.csv') ? '\r\n' : '\n';
    const decoder = new TextDecoder();
    let records = 0;
    let bytes = 0;
    let tail = '';
    for await (const chunk of response.body!) {
      bytes += chunk.byteLength;
      const text = tail + decoder.decode(chunk, { stream: true });
      const parts = text.split(separator);
      tail = parts.pop()!;
      records += parts.length;
    }
    const header = exportPath.includes('.csv') ? 1 : 0;
    return { rows: records - header, bytes, seconds: (performance.now() - start) / 1000, peakRss };
  } finally {
    clearInterval(sampler);
  }
}

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) / 1024;
}

await main();
