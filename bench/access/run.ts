import 'reflect-metadata';
import { loadConfig } from '#config';
import { migrateDatabase, startEmbeddedDatabase } from '#persistence';
import { startBeacon } from '#runtime';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { ApiModule } from '../../apps/api/src/api.module.js';
import { BENCH_TENANT, seedHistory } from '../api/seed.js';
import { HOSTILE_CORPUS, type HostileRequest } from './hostile-corpus.js';

/**
 * `npm run bench:access`: how long Beacon takes to refuse each hostile request (docs/benchmarks.md), and
 * what the flood does to ordinary reads meanwhile. Beacon runs in this process on an embedded database
 * seeded with BENCH_INCIDENTS incidents, in production mode, without rate limits (they would refuse the
 * flood before it reached GraphQL, which is what is measured here).
 */
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ORDINARY = '{ incidents(first: 20) { edges { node { id title level updates { text } } } } }';

const log = (line: string) => process.stderr.write(`${line}\n`);

async function send(url: string, request: HostileRequest): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response =
    request.method === 'GET'
      ? await fetch(`${url}/graphql?${request.body}`)
      : await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': request.contentType ?? 'application/json' },
          body: request.body,
        });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

const ordinary = (url: string) => send(url, { name: 'ordinary', body: JSON.stringify({ query: ORDINARY }) });

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Ordinary reads one after another for SECONDS, while `background` runs. */
async function readLatencies(url: string, background: () => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  const until = Date.now() + SECONDS * 1000;
  let stop = false;
  const noise =
    background === idle
      ? Promise.resolve()
      : (async () => {
          while (!stop) await background();
        })();
  while (Date.now() < until) {
    const { status, ms } = await ordinary(url);
    if (status !== 200) throw new Error(`an ordinary read got ${status}`);
    latencies.push(ms);
  }
  stop = true;
  await noise;
  return latencies;
}
const idle = async () => undefined;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'beacon-bench-access-'));
  chmodSync(dataDir, 0o755);
  const database = await startEmbeddedDatabase({ dataDir });
  try {
    await migrateDatabase(database.url);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await seedHistory(client, INCIDENTS);
    await client.end();
    process.env.NODE_ENV = 'production';
    const config = loadConfig({
      DATABASE_URL: database.url,
      PORT: '4103',
      STATUS_SITE_URL: '',
      GRAPH_TENANT_ID: BENCH_TENANT,
      GRAPH_CLIENT_ID: 'bench',
      GRAPH_CLIENT_SECRET: 'bench',
      RATE_LIMIT_PER_KEY: '0',
      RATE_LIMIT_PER_ADDRESS: '0',
    });
    const beacon = await startBeacon({ config, logger: pino({ level: 'warn' }), features: [ApiModule] });
    try {
      log(`Beacon on ${beacon.url}, ${INCIDENTS} incidents; ${RUNS} runs of each hostile request`);
      const rows: string[] = [];
      let slowest = 0;
      for (const request of HOSTILE_CORPUS) {
        for (let i = 0; i < 3; i++) await send(beacon.url, request);
        const runs: Array<{ status: number; ms: number }> = [];
        for (let i = 0; i < RUNS; i++) runs.push(await send(beacon.url, request));
        const ms = runs.map((run) => run.ms);
        const statuses = [...new Set(runs.map((run) => run.status))].join(', ');
        slowest = Math.max(slowest, ...ms);
        rows.push(
          `| ${request.name} | ${statuses} | ${percentile(ms, 50).toFixed(1)} | ${Math.max(...ms).toFixed(1)} |`,
        );
      }
      const calm = await readLatencies(beacon.url, idle);
      let floodAnswers = 0;
      let serverErrors = 0;
      const flood = async () => {
        const answers = await Promise.all(HOSTILE_CORPUS.map((request) => send(beacon.url, request)));
        floodAnswers += answers.length;
        serverErrors += answers.filter((answer) => answer.status >= 500).length;
      };
      const flooded = await readLatencies(beacon.url, flood);
      process.stdout.write(
        [
          `Hostile requests (${RUNS} runs each, one at a time): time to the refusal, ms`,
          '',
          '| request | status | median | max |',
          '| --- | --- | --- | --- |',
          ...rows,
          '',
          `Slowest refusal: ${slowest.toFixed(1)} ms.`,
          '',
          `Ordinary reads (${ORDINARY.length} characters, 20 incidents with their updates), ${SECONDS} s each:`,
          '',
          '| while | reads | p50 ms | p99 ms |',
          '| --- | --- | --- | --- |',
          `| nothing else | ${calm.length} | ${percentile(calm, 50).toFixed(1)} | ${percentile(calm, 99).toFixed(1)} |`,
          `| the whole corpus in parallel, again and again (${floodAnswers} hostile answers, ${serverErrors} 5xx) | ${flooded.length} | ${percentile(flooded, 50).toFixed(1)} | ${percentile(flooded, 99).toFixed(1)} |`,
          '',
        ].join('\n'),
      );
    } finally {
      await beacon.close();
    }
  } finally {
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
