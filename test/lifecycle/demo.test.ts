import { freePort } from '#testing';
import {
  type Ending,
  freshDataDir,
  postgresPid,
  queryEmbedded,
  runCommand,
} from './support/beacon-command.js';

/** `npm run demo`: the simulator and Beacon in one process, and a terminal's Ctrl-C stops both. */
describe('npm run demo, stopped and started again on the same DATA_DIR', () => {
  const dataDir = freshDataDir();
  let port: number;
  let pollRunsBefore = 0;

  beforeAll(async () => {
    port = await freePort();
  });

  afterAll(() => {
    const orphan = postgresPid(dataDir);
    if (orphan !== null) process.kill(orphan, 'SIGKILL');
  });

  const pollRuns = async () =>
    (await queryEmbedded<{ n: number }>(dataDir, 'SELECT count(*)::int AS n FROM poll_runs'))[0]!.n;

  it.each<[Ending, number | null]>([
    ['Ctrl-C', 0],
    ['kill -9 of its PostgreSQL', 1],
    ['SIGTERM', 0],
    ['kill -9', null],
    ['Ctrl-C', 0],
  ])('comes back with its data after %s', async (ending, code) => {
    const demo = runCommand('demo', { DATA_DIR: dataDir, NODE_ENV: 'development' }, port);
    await demo.ready();
    expect(await pollRuns()).toBeGreaterThanOrEqual(pollRunsBefore);
    for (let tries = 0; (await pollRuns()) <= pollRunsBefore; tries++) {
      if (tries > 200) throw new Error('no poll ran');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    pollRunsBefore = await pollRuns();

    // The banner comes after the start-up lines, which are for people here (short, not JSON).
    const output = demo.output();
    expect(output.indexOf('Ctrl-C stops everything')).toBeGreaterThan(output.indexOf('Beacon is listening'));
    expect(output).not.toMatch(/^\{"level"/m);

    const exit = await demo.end(ending);
    expect(exit.code).toBe(code);
    expect(demo.output()).not.toMatch(/took too long/);
    if (ending !== 'kill -9') expect(postgresPid(dataDir)).toBeNull();
  });
});
