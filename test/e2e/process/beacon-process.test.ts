import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '#testing';

// The built single-process Beacon, started as a newcomer would (`npm start`), with its embedded database.
const MAIN = join(process.cwd(), 'dist/apps/beacon/src/main.js');

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Started {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, LOG_LEVEL: 'info', STATUS_SITE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitUntilReady(url: string, started: Started): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const response = await fetch(url).catch(() => null);
    if (response?.status === 200) return;
    if (started.child.exitCode !== null) throw new Error(`Beacon exited:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Beacon never became ready:\n${started.output()}`);
}

function postgresRunningIn(dataDir: string): boolean {
  return spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout.includes(join(dataDir, 'postgres'));
}

describe('the beacon process', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'beacon-process-'));
    chmodSync(dataDir, 0o755);
  });

  it('refuses a bad configuration with one message naming every bad variable', async () => {
    const started = start({ PORT: 'abc', GRAPH_BASE_URL: 'nope', DATA_DIR: dataDir });
    expect(await started.exited).not.toBe(0);
    expect(started.output()).toMatch(/PORT: expected an integer from 1 to 65535/);
    expect(started.output()).toMatch(/GRAPH_BASE_URL/);
  });

  it('comes up again with its data after being killed hard, and stops cleanly on SIGTERM', async () => {
    const port = String(await freePort());
    const ready = `http://127.0.0.1:${port}/health/ready`;

    const first = start({ DATA_DIR: dataDir, PORT: port });
    await waitUntilReady(ready, first);
    expect(first.output()).toMatch(/database migrated/);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(postgresRunningIn(dataDir)).toBe(true);

    const second = start({ DATA_DIR: dataDir, PORT: port });
    await waitUntilReady(ready, second);
    expect(second.output()).toMatch(/left running by a previous Beacon process/);
    expect(second.output()).toMatch(/database schema up to date/);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.output()).toMatch(/stopped/);
    expect(postgresRunningIn(dataDir)).toBe(false);
  });
});
