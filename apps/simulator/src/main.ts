import { readFile } from 'node:fs/promises';
import { pino } from 'pino';
import { readCliOptions, USAGE } from './cli-options.js';
import { startSimulator } from './simulator.js';
import { simulatorBanner } from './simulator.banner.js';

/** `node dist/apps/simulator/src/main.js --scenario admin-center-outage --loop`: see --help. */
async function main(): Promise<void> {
  const options = readCliOptions(process.argv.slice(2), process.env);
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const simulator = await startSimulator({ ...options.simulator, logger: pino({ level: options.logLevel }) });
  process.stdout.write(simulatorBanner(simulator, await readFile(simulator.tenantsFilePath, 'utf8')));

  const stop = async (signal: NodeJS.Signals) => {
    process.stdout.write(`\n${signal}: stopping the simulator\n`);
    await simulator.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
