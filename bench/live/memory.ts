import 'reflect-metadata';
import { migrateDatabase, startEmbeddedDatabase } from '#persistence';
import { type ChildProcess, fork } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientsAnswer, ClientsRequest } from './clients.js';
import { memoryOf } from './server-memory.js';

/**
 * `node dist/bench/live/memory.js`: what Beacon's API keeps of WebSocket connections once they have closed.
 * BENCH_ROUNDS (3) rounds of BENCH_CONNECTIONS (2,000) connections, each holding the status page's two
 * subscriptions, opened then dropped. After each round, once the API has collected its garbage: its RSS,
 * V8's heap (used and committed) and what lies outside it; and the heap's objects counted by constructor
 * in a heap snapshot, against one taken before the first round: whatever a closed connection leaves
 * behind grows by about the number of connections each round. Not a test: it prints what it found.
 */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 2_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** `0`: memory only (a snapshot takes native memory of its own, which shows in RSS). */
const SNAPSHOTS = process.env.BENCH_HEAP_SNAPSHOTS !== '0';
/** Subscriptions are registered a moment after the client sent them. */
const SETTLE_MS = 5_000;

const here = path.dirname(fileURLToPath(import.meta.url));
const log = (line: string) => process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MB`;

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Objects in a heap snapshot, counted by their constructor (closures by name, the rest by type). */
function objectCounts(file: string): Map<string, number> {
  const heap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = heap.snapshot.meta.node_fields;
  const [typeAt, nameAt] = [fields.indexOf('type'), fields.indexOf('name')];
  const types = heap.snapshot.meta.node_types[0];
  const counts = new Map<string, number>();
  for (let i = 0; i < heap.nodes.length; i += fields.length) {
    const type = types[heap.nodes[i + typeAt]!]!;
    const key =
      type === 'object' || type === 'closure'
        ? `${type} ${heap.strings[heap.nodes[i + nameAt]!]}`
        : `(${type})`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** A heap snapshot of the server (written on SIGUSR2 into its working folder), once complete. */
async function snapshotOf(server: ChildProcess, folder: string): Promise<string> {
  const known = new Set(readdirSync(folder));
  server.kill('SIGUSR2');
  for (;;) {
    await sleep(1_000);
    const file = readdirSync(folder).find((name) => name.endsWith('.heapsnapshot') && !known.has(name));
    if (!file) continue;
    const size = statSync(path.join(folder, file)).size;
    await sleep(2_000);
    if (size > 0 && statSync(path.join(folder, file)).size === size) return path.join(folder, file);
  }
}

function describe(memory: NodeJS.MemoryUsage): string {
  return (
    `RSS ${mb(memory.rss)}, heap used ${mb(memory.heapUsed)} of ${mb(memory.heapTotal)} committed, ` +
    `external ${mb(memory.external)}, outside V8's heap ${mb(memory.rss - memory.heapTotal)}`
  );
}

async function round(
  server: ChildProcess,
  url: string,
  subscriptions: Record<string, string>,
): Promise<void> {
  const clients = fork(path.join(here, 'clients.js'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const opened = await new Promise<ClientsAnswer>((resolve) => {
    clients.once('message', resolve);
    clients.send({ type: 'open', url, count: CONNECTIONS, subscriptions } satisfies ClientsRequest);
  });
  await sleep(SETTLE_MS);
  log(`  ${JSON.stringify(opened)}; open: ${describe(await memoryOf(server))}`);
  const exited = new Promise((resolve) => clients.once('exit', resolve));
  clients.send({ type: 'close' } satisfies ClientsRequest);
  await exited;
  await sleep(SETTLE_MS);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'beacon-bench-live-memory-'));
  chmodSync(dataDir, 0o755);
  const snapshots = mkdtempSync(path.join(tmpdir(), 'beacon-bench-live-heap-'));
  const database = await startEmbeddedDatabase({ dataDir });
  let server: ChildProcess | null = null;
  try {
    await migrateDatabase(database.url);
    server = fork(path.join(here, '../api/beacon.server.js'), {
      cwd: snapshots,
      execArgv: ['--expose-gc', '--heapsnapshot-signal=SIGUSR2'],
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_KEY: '0',
        RATE_LIMIT_PER_ADDRESS: '0',
        WS_CONNECTIONS_PER_KEY: '100000',
        PORT: '4202',
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const url = await new Promise<string>((resolve) =>
      server!.once('message', (message) => resolve((message as { url: string }).url)),
    );
    const { SERVICE_STATUS_CHANGED, INCIDENT_UPDATED } = (await import(
      path.join(process.cwd(), 'apps/api/public/js/queries.js')
    )) as Record<string, string>;
    const subscriptions = { '1': SERVICE_STATUS_CHANGED!, '2': INCIDENT_UPDATED! };
    const wsUrl = `${url.replace(/^http/, 'ws')}/graphql`;

    // One round first, so that what is compared is not what the first connection ever made (code, caches).
    log(`warm-up: ${CONNECTIONS} connections`);
    await round(server, wsUrl, subscriptions);
    log(`  after: ${describe(await memoryOf(server))}`);
    const before = SNAPSHOTS ? objectCounts(await snapshotOf(server, snapshots)) : null;
    for (let n = 1; n <= ROUNDS; n++) {
      log(`round ${n}: ${CONNECTIONS} connections`);
      await round(server, wsUrl, subscriptions);
      log(`  after: ${describe(await memoryOf(server))}`);
      if (!before) continue;
      const after = objectCounts(await snapshotOf(server, snapshots));
      const grown = [...after]
        .map(([key, count]) => [key, count - (before.get(key) ?? 0)] as const)
        .filter(([, growth]) => growth >= CONNECTIONS / 20)
        .sort((a, b) => b[1] - a[1]);
      log(`  objects grown by ${CONNECTIONS / 20} or more since the warm-up: ${JSON.stringify(grown)}`);
    }
  } finally {
    if (server) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.disconnect();
      await exited;
    }
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(snapshots, { recursive: true, force: true });
  }
}

await main();
