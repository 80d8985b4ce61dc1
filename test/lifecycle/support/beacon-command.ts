import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

/** The built commands behind `npm start`, `npm run demo`, `npm run start:api` and `npm run start:ingestor`. */
export const COMMANDS = {
  start: 'dist/apps/beacon/src/main.js',
  demo: 'dist/apps/demo/src/main.js',
  'start:api': 'dist/apps/api/src/main.js',
  'start:ingestor': 'dist/apps/ingestor/src/main.js',
} as const;

/** Every way a Beacon process meets its end in real life. */
export type Ending =
  | 'SIGTERM'
  | 'Ctrl-C' // SIGINT to the whole process group, as a terminal sends it
  | 'SIGHUP'
  | 'kill -9'
  | 'kill -9 of its PostgreSQL'
  | 'kill -9 of both';

/** Longer than the shutdown's own grace (30 s): a process still running after this does not stop. */
const EXIT_BOUND_MS = 45_000;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface BeaconCommand {
  pid: number;
  output(): string;
  exited: Promise<Exit>;
  /** Waits for 200 from /health/ready; fails with the process's output if it exits or never gets there. */
  ready(): Promise<void>;
  /** Ends the process that way and waits (bounded) for it to exit. */
  end(ending: Ending): Promise<Exit>;
}

export function freshDataDir(): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'beacon-lifecycle-'));
  chmodSync(dataDir, 0o755); // the embedded PostgreSQL runs as `postgres` when the tests run as root
  return dataDir;
}

/**
 * Runs a built command as a terminal would: `node dist/…` leading a process group of its own, so that a
 * Ctrl-C can be sent to the whole group.
 */
export function runCommand(
  command: keyof typeof COMMANDS,
  env: Record<string, string>,
  port: number,
): BeaconCommand {
  const child: ChildProcess = spawn(process.execPath, [join(process.cwd(), COMMANDS[command])], {
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<Exit>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const pid = child.pid!;

  const ready = async () => {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null);
      if (response?.status === 200) return;
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${command} exited before it was ready:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${command} never became ready:\n${output}`);
  };

  const end = async (ending: Ending): Promise<Exit> => {
    const postgres = env.DATA_DIR ? postgresPid(env.DATA_DIR) : null;
    if (ending.includes('PostgreSQL') || ending.includes('both')) {
      if (postgres === null) throw new Error(`${command} runs no embedded PostgreSQL`);
      process.kill(postgres, 'SIGKILL');
    }
    if (ending === 'SIGTERM' || ending === 'SIGHUP') process.kill(pid, ending);
    if (ending === 'Ctrl-C') process.kill(-pid, 'SIGINT');
    if (ending === 'kill -9' || ending === 'kill -9 of both') process.kill(pid, 'SIGKILL');
    const timeout = new Promise<null>((resolve) => setTimeout(resolve, EXIT_BOUND_MS, null).unref());
    const exit = await Promise.race([exited, timeout]);
    if (exit === null) {
      process.kill(-pid, 'SIGKILL');
      throw new Error(`${command} did not exit within ${EXIT_BOUND_MS / 1000} s of ${ending}:\n${output}`);
    }
    if (ending.includes('PostgreSQL') || ending.includes('both')) {
      // A signal is delivered, not yet acted on: a server in the middle of a disk write dies after it.
      for (let tries = 0; isRunning(postgres!) && tries < 100; tries++) await sleep(100);
    }
    return exit;
  };

  return { pid, output: () => output, exited, ready, end };
}

/** The embedded PostgreSQL's postmaster under `dataDir`, if one runs. */
export function postgresPid(dataDir: string): number | null {
  const file = join(dataDir, 'postgres', 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return pid > 0 && isRunning(pid) ? pid : null;
}

/** The session a process runs in (from /proc): the embedded PostgreSQL must not share Beacon's. */
export function sessionOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** A query on the embedded database a live Beacon runs under `dataDir` (through the URL it publishes). */
export async function queryEmbedded<T>(dataDir: string, sql: string): Promise<T[]> {
  const client = new pg.Client({
    connectionString: readFileSync(join(dataDir, 'postgres.url'), 'utf8').trim(),
  });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}
