import { migrateDatabase, startEmbeddedDatabase } from '#persistence';
import autocannon, { type Result } from 'autocannon';
import { type ChildProcess, fork } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { LOAD_SETTINGS, REQUEST_HEADERS, workersFor } from './load.js';
import { cacheOutcomes, hitRate, type MixedRun, mixedRun } from './mixed.js';
import { QUERIES, type BenchQuery } from './queries.js';
import { BENCH_TENANT, seedHistory } from './seed.js';

/**
 * `npm run bench:api`: Beacon's GraphQL API next to PostGraphile 5 on the same seeded database, each in a
 * process of its own, measured with autocannon from this one. Not a test: it prints a table (see
 * docs/benchmarks.md). Settings: BENCH_INCIDENTS (50000), BENCH_SECONDS per cell (5), BENCH_CONNECTIONS
 * (1,10,100), BENCH_QUERIES (all; names from queries.ts); how autocannon asks: load.ts. Then the mixed run
 * (BENCH_MIXED=0: none): every query in turn at the most connections, for twice BENCH_SECONDS, once without
 * changes and once with a change a second.
 */
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 50_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,10,100').split(',').map(Number);
const ONLY = process.env.BENCH_QUERIES?.split(',');
const here = path.dirname(fileURLToPath(import.meta.url));

/** A cell's result, and the server's CPU time per request answered during it (user and system, µs). */
type Measured = Result & { cpuPerRequest: number };

interface Cell {
  query: string;
  connections: number;
  beacon: Measured;
  postgraphile: Measured;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'beacon-bench-'));
  chmodSync(dataDir, 0o755);
  const database = await startEmbeddedDatabase({ dataDir });
  const servers: ChildProcess[] = [];
  try {
    await migrateDatabase(database.url);
    const started = Date.now();
    await withClient(database.url, async (client) => {
      await seedHistory(client, INCIDENTS);
      await client.query(POSTGRAPHILE_SEARCH_FUNCTION);
    });
    log(
      `seeded ${INCIDENTS} incidents (${INCIDENTS * 4} updates) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    const env = {
      ...process.env,
      DATABASE_URL: database.url,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      GRAPH_TENANT_ID: BENCH_TENANT,
      GRAPH_CLIENT_ID: 'bench',
      GRAPH_CLIENT_SECRET: 'bench',
      GRAPH_STALE_SECONDS: '86400',
      // The benchmark is one address asking as fast as it can: what it measures is not the rate limits.
      RATE_LIMIT_PER_KEY: '0',
      RATE_LIMIT_PER_ADDRESS: '0',
    };
    const beacon = await startServer(servers, 'beacon.server.js', { ...env, PORT: '4101' });
    const postgraphile = await startServer(servers, 'postgraphile.server.js', { ...env, PORT: '4102' });
    const beaconUrl = beacon.url;
    const endpoints = { beacon: `${beaconUrl}/graphql`, postgraphile: `${postgraphile.url}/graphql` };

    const queries = QUERIES.filter((query) => !ONLY || ONLY.includes(query.name));
    for (const query of queries) await check(query, endpoints);

    const cells: Cell[] = [];
    for (const query of queries) {
      for (const connections of CONNECTIONS) {
        const cell = {
          query: query.name,
          connections,
          beacon: await measure(beacon.process, endpoints.beacon, query.beacon, connections),
          postgraphile: await measure(
            postgraphile.process,
            endpoints.postgraphile,
            query.postgraphile,
            connections,
          ),
        };
        cells.push(cell);
        log(
          `${query.name} × ${connections}: Beacon ${rate(cell.beacon)} req/s, PostGraphile ${rate(cell.postgraphile)} req/s`,
        );
      }
    }
    process.stdout.write(table(cells));
    if (process.env.BENCH_MIXED === '0') return;

    const connections = Math.max(...CONNECTIONS);
    const mixed: MixedCell[] = [];
    for (const server of ['beacon', 'postgraphile'] as const) {
      const run = (changes?: { databaseUrl: string }) =>
        mixedRun({
          url: endpoints[server],
          bodies: queries.map((query) => query[server]),
          connections,
          seconds: SECONDS * 2,
          changes,
        });
      const steady = await run();
      const before = server === 'beacon' ? await cacheOutcomes(beaconUrl) : null;
      const changing = await run({ databaseUrl: database.url });
      const after = before ? await cacheOutcomes(beaconUrl) : null;
      const hits =
        before && after
          ? { whole: hitRate(before, after, 'whole'), field: hitRate(before, after, 'field') }
          : null;
      mixed.push({ server, steady, changing, hits });
      log(
        `mixed × ${connections} on ${server}: ${rate(steady.result)} req/s, ${rate(changing.result)} with changes`,
      );
    }
    process.stdout.write(mixedTable(mixed, connections));
  } finally {
    for (const server of servers) server.disconnect();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.once('exit', resolve))));
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Full-text search for PostGraphile: the same statement Beacon runs, as a function it exposes. */
const POSTGRAPHILE_SEARCH_FUNCTION = `
  CREATE SCHEMA bench;
  CREATE FUNCTION bench.search_incidents(q text) RETURNS SETOF public.incidents LANGUAGE sql STABLE AS $$
    SELECT i.* FROM public.incidents i
    WHERE i.id IN (SELECT m.id FROM public.incidents m WHERE m.search @@ websearch_to_tsquery('english', q)
                   UNION SELECT u.incident_id FROM public.incident_updates u WHERE u.search @@ websearch_to_tsquery('english', q))
    ORDER BY i.last_updated_at DESC, i.reference DESC
  $$;`;

async function withClient(url: string, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

function startServer(
  servers: ChildProcess[],
  file: string,
  env: NodeJS.ProcessEnv,
): Promise<{ url: string; process: ChildProcess }> {
  const server = fork(path.join(here, file), { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  servers.push(server);
  return new Promise((resolve, reject) => {
    server.once('message', (message) => resolve({ url: (message as { url: string }).url, process: server }));
    server.once('exit', (code) => reject(new Error(`${file} exited with code ${code} before it listened`)));
  });
}

/** Both servers answer the query with data, no error and the same items, before it is measured. */
async function check(query: BenchQuery, endpoints: { beacon: string; postgraphile: string }): Promise<void> {
  const signatures: Record<string, string> = {};
  for (const server of ['beacon', 'postgraphile'] as const) {
    const response = await fetch(endpoints[server], {
      method: 'POST',
      headers: REQUEST_HEADERS,
      body: query[server],
    });
    const body = (await response.json()) as { data?: unknown; errors?: unknown };
    if (response.status !== 200 || body.errors || !body.data) {
      throw new Error(
        `${server} cannot answer ${query.name}: ${response.status} ${JSON.stringify(body).slice(0, 500)}`,
      );
    }
    signatures[server] = query.signature(server, body.data);
  }
  if (signatures.beacon !== signatures.postgraphile) {
    throw new Error(
      `${query.name}: Beacon answers ${signatures.beacon}, PostGraphile ${signatures.postgraphile}`,
    );
  }
  log(`${query.name}: both answer ${signatures.beacon!.slice(0, 80)}`);
}

/** A server's CPU time so far (user and system, µs), as it reports it. */
function cpuTimeOf(server: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const answer = (message: { cpu?: NodeJS.CpuUsage }) => {
      if (!message.cpu) return;
      server.off('message', answer);
      resolve(message.cpu.user + message.cpu.system);
    };
    server.on('message', answer);
    server.send({ type: 'cpu' });
  });
}

async function measure(
  server: ChildProcess,
  url: string,
  body: string,
  connections: number,
): Promise<Measured> {
  const request = {
    url,
    method: 'POST',
    headers: { ...REQUEST_HEADERS },
    body,
    connections,
    workers: workersFor(connections),
  };
  await autocannon({ ...request, duration: 1 }); // warm-up: JIT, caches, pool
  const cpuBefore = await cpuTimeOf(server);
  const result = await autocannon({ ...request, duration: SECONDS });
  const cpu = (await cpuTimeOf(server)) - cpuBefore;
  if (result.errors || result.non2xx || result.timeouts) {
    throw new Error(`${url}: ${result.errors} errors, ${result.non2xx} non-2xx, ${result.timeouts} timeouts`);
  }
  return { ...result, cpuPerRequest: cpu / Math.max(result.requests.total, 1) };
}

const rate = (result: Result) => Math.round(result.requests.average);

interface MixedCell {
  server: 'beacon' | 'postgraphile';
  steady: MixedRun;
  changing: MixedRun;
  /**
   * Beacon's read cache during the run with changes: whole answers sent from memory among the requests, and
   * hits among the root fields' reads of the requests that ran.
   */
  hits: { whole: number; field: number } | null;
}

function mixedTable(cells: MixedCell[], connections: number): string {
  const rows = cells.map(({ server, steady, changing, hits }) =>
    [
      server === 'beacon' ? 'Beacon' : 'PostGraphile',
      rate(steady.result),
      rate(changing.result),
      `${(changing.result.requests.average / steady.result.requests.average).toFixed(2)}×`,
      steady.result.latency.p99,
      changing.result.latency.p99,
      changing.changes,
      steady.result.timeouts + changing.result.timeouts,
      hits === null ? '' : `${(hits.whole * 100).toFixed(1)} %`,
      hits === null ? '' : `${(hits.field * 100).toFixed(1)} %`,
    ].join(' | '),
  );
  return [
    '',
    `Mixed: every query in turn, ${connections} connections, ${SECONDS * 2} s without changes, then ${SECONDS * 2} s with a change a second`,
    '',
    '| server | req/s, no changes | req/s, a change a second | held | p99 ms, no changes | p99 ms, changes | changes | timeouts | whole answers from memory | root fields from memory (of those that ran) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((row) => `| ${row} |`),
    '',
  ].join('\n');
}

function table(cells: Cell[]): string {
  const rows = cells.map(({ query, connections, beacon, postgraphile }) =>
    [
      query,
      connections,
      rate(beacon),
      rate(postgraphile),
      `${(beacon.requests.average / postgraphile.requests.average).toFixed(2)}×`,
      beacon.latency.p99,
      postgraphile.latency.p99,
      `${(postgraphile.latency.p99 / Math.max(beacon.latency.p99, 1)).toFixed(2)}×`,
      Math.round(beacon.cpuPerRequest),
      Math.round(postgraphile.cpuPerRequest),
    ].join(' | '),
  );
  return [
    `Beacon vs PostGraphile 5: ${INCIDENTS} incidents, ${SECONDS} s per cell (ratios > 1: Beacon ahead); ${LOAD_SETTINGS}`,
    '',
    '| query | connections | Beacon req/s | PostGraphile req/s | throughput ratio | Beacon p99 ms | PostGraphile p99 ms | p99 ratio | Beacon CPU µs/req | PostGraphile CPU µs/req (without PostgreSQL) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((row) => `| ${row} |`),
    '',
  ].join('\n');
}

await main();
