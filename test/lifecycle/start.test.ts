import { freePort, startTestSimulator, type TestSimulator } from '#testing';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type BeaconCommand,
  type Ending,
  type Exit,
  freshDataDir,
  postgresPid,
  queryEmbedded,
  runCommand,
  sessionOf,
} from './support/beacon-command.js';
import { twoIncidentsOnX } from './support/scenario.js';

/** How each ending must look from outside: a clean exit when asked, exit 1 when the database died. */
const ENDINGS: [Ending, Exit][] = [
  ['SIGTERM', { code: 0, signal: null }],
  ['Ctrl-C', { code: 0, signal: null }],
  ['SIGHUP', { code: 0, signal: null }],
  ['kill -9', { code: null, signal: 'SIGKILL' }],
  ['kill -9 of its PostgreSQL', { code: 1, signal: null }],
  ['kill -9 of both', { code: null, signal: 'SIGKILL' }],
  ['Ctrl-C', { code: 0, signal: null }],
];

describe('npm start, stopped every way and started again on the same DATA_DIR', () => {
  const dataDir = freshDataDir();
  const ownerFile = join(dataDir, 'beacon.pid');
  let simulator: TestSimulator;
  let port: number;
  let pollRunsBefore = 0;

  beforeAll(async () => {
    simulator = await startTestSimulator(twoIncidentsOnX);
    port = await freePort();
  });

  afterAll(async () => {
    const orphan = postgresPid(dataDir);
    if (orphan !== null) process.kill(orphan, 'SIGKILL');
    await simulator.stop();
  });

  const start = () =>
    runCommand(
      'start',
      { ...simulator.env, DATA_DIR: dataDir, STATUS_SITE_URL: '', X_POLL_SECONDS: '1' },
      port,
    );

  const incidentCount = async () => {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ incidents { totalCount } }' }),
    });
    return ((await response.json()) as { data: { incidents: { totalCount: number } } }).data.incidents
      .totalCount;
  };
  const pollRuns = async () =>
    (await queryEmbedded<{ n: number }>(dataDir, 'SELECT count(*)::int AS n FROM poll_runs'))[0]!.n;

  it('refuses a bad configuration with one message naming every bad variable', async () => {
    const refused = runCommand('start', { DATA_DIR: dataDir, PORT: 'abc', GRAPH_BASE_URL: 'nope' }, 0);
    expect(await refused.exited).toEqual({ code: 78, signal: null });
    expect(refused.output()).toMatch(/PORT: expected an integer from 1 to 65535/);
    expect(refused.output()).toMatch(/GRAPH_BASE_URL/);
  });

  it.each(ENDINGS)('comes back with its data after %s', async (ending, expected) => {
    const beacon = start();
    await beacon.ready();
    if (pollRunsBefore === 0) {
      for (let tries = 0; (await incidentCount()) < 2 && tries < 100; tries++) await sleep(100);
    }
    // What earlier runs stored is there the moment the process is ready.
    expect(await incidentCount()).toBe(2);
    expect(await pollRuns()).toBeGreaterThanOrEqual(pollRunsBefore);
    await untilPollRunsExceed(pollRunsBefore);
    pollRunsBefore = await pollRuns();

    const postgres = postgresPid(dataDir)!;
    // The terminal's Ctrl-C must reach Beacon only: PostgreSQL runs in a session of its own.
    expect(sessionOf(postgres)).not.toBe(sessionOf(beacon.pid));
    if (ending === 'SIGTERM') await refusesASecondOwner(beacon);

    const exit = await beacon.end(ending);
    expect(exit).toEqual(expected);
    expect(beacon.output()).not.toMatch(/took too long/);
    if (ending === 'kill -9') {
      // Left running; the next start stops it before starting its own.
      expect(postgresPid(dataDir)).toBe(postgres);
    } else {
      expect(postgresPid(dataDir)).toBeNull();
    }
    if (expected.code !== null) {
      expect(beacon.output()).toMatch(/stopped\b/);
      expect(existsSync(ownerFile)).toBe(false);
    }
    if (ending === 'kill -9 of its PostgreSQL') {
      expect(beacon.output()).toMatch(/the embedded PostgreSQL stopped under Beacon/);
    }
  });

  it('is not fooled by a stale claim: an empty file, or a pid now used by another process', async () => {
    for (const claim of ['', `${process.pid} 1\n`]) {
      writeFileSync(ownerFile, claim);
      const beacon = start();
      await beacon.ready();
      expect(await incidentCount()).toBe(2);
      expect(readFileSync(ownerFile, 'utf8')).toMatch(new RegExp(`^${beacon.pid} \\d+\\n$`));
      expect(await beacon.end('SIGTERM')).toEqual({ code: 0, signal: null });
    }
  });

  async function untilPollRunsExceed(count: number): Promise<void> {
    for (let tries = 0; (await pollRuns()) <= count; tries++) {
      if (tries > 100) throw new Error('no poll ran');
      await sleep(100);
    }
  }

  /** While the first process lives, a second one on the same DATA_DIR refuses to start. */
  async function refusesASecondOwner(owner: BeaconCommand): Promise<void> {
    const second = runCommand('start', { DATA_DIR: dataDir, STATUS_SITE_URL: '' }, await freePort());
    expect(await second.exited).toEqual({ code: 1, signal: null });
    expect(second.output()).toContain(`is in use by Beacon process ${owner.pid}`);
  }
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
