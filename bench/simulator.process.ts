import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';

const SIMULATOR = fileURLToPath(new URL('../apps/simulator/src/main.js', import.meta.url));

/**
 * The simulator's CLI on free ports playing a scenario file (paused at the story's start, or in real
 * time); Beacon's variables read from what it prints. For bench:ingest and bench:scale.
 */
export async function startSimulatorProcess(
  scenarioFile: string,
  { paused }: { paused: boolean },
): Promise<{ process: ChildProcess; env: Record<string, string> }> {
  const child = spawn(
    process.execPath,
    [
      SIMULATOR,
      '--scenario',
      scenarioFile,
      ...(paused ? ['--paused'] : []),
      '--graph-port',
      '0',
      '--status-site-port',
      '0',
      '--x-port',
      '0',
      // The receivers are not used here; a simulator already running (a demo, a test) must not stop this one.
      '--receivers-port',
      '0',
      '--smtp-port',
      '0',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const env: Record<string, string> = {};
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code})`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      for (const [, name, value] of output.matchAll(/^export (\w+)='([^']*)'$/gm))
        env[name as string] = value as string;
      if (env.NODE_EXTRA_CA_CERTS) resolve();
    });
  });
  return { process: child, env };
}

/** This process trusts the simulator's certificate authority, as Beacon does through NODE_EXTRA_CA_CERTS. */
export function trustSimulator(simulator: { env: Record<string, string> }): void {
  tls.setDefaultCACertificates([
    ...tls.getCACertificates('default'),
    readFileSync(simulator.env.NODE_EXTRA_CA_CERTS as string, 'utf8'),
  ]);
}
