import { parseArgs } from 'node:util';
import type { SimulatorOptions } from './simulator.js';

export const USAGE = `Beacon simulator: Microsoft Graph, the status site and X API v2, played from a scenario.

Usage: node dist/apps/simulator/src/main.js [options]
  --scenario <name|path>   a shipped scenario or a YAML file (admin-center-outage)   SIMULATOR_SCENARIO
  --loop                   restart the story after its duration                      SIMULATOR_LOOP=true
  --speed <n>              scenario seconds per real second (1)                      SIMULATOR_SPEED
  --paused                 keep the clock still; move it with POST /_simulator/advance
  --starts-at <iso>        wall-clock time of the story's start (now)
  --host <address>         where to listen (127.0.0.1)                              SIMULATOR_HOST
  --graph-port <n>         Graph and Entra, https (7443)                              SIMULATOR_GRAPH_PORT
  --status-site-port <n>   the status site, and /_simulator (7480)                    SIMULATOR_STATUS_SITE_PORT
  --x-port <n>             X API v2 (7490)                                            SIMULATOR_X_PORT
  --receivers-port <n>     Teams, Slack and webhook receivers (7500)                  SIMULATOR_RECEIVERS_PORT
  --smtp-port <n>          the SMTP receiver (7525)                                   SIMULATOR_SMTP_PORT
  --work-dir <path>        where the certificate and tenants file go (a temp folder)  SIMULATOR_WORK_DIR
  --log-level <level>      request logs: fatal … trace, or silent (warn)              SIMULATOR_LOG_LEVEL
  --help

Shipped scenarios: apps/simulator/scenarios/. Port 0 picks a free port.`;

export interface CliOptions {
  help: boolean;
  logLevel: string;
  simulator: SimulatorOptions;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads the command line, falling back on SIMULATOR_* variables; throws with a message naming the option. */
export function readCliOptions(argv: string[], env: NodeJS.ProcessEnv): CliOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      scenario: { type: 'string' },
      loop: { type: 'boolean' },
      speed: { type: 'string' },
      paused: { type: 'boolean' },
      'starts-at': { type: 'string' },
      host: { type: 'string' },
      'graph-port': { type: 'string' },
      'status-site-port': { type: 'string' },
      'x-port': { type: 'string' },
      'receivers-port': { type: 'string' },
      'smtp-port': { type: 'string' },
      'work-dir': { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean' },
    },
  });

  const port = (option: string, variable: string, fallback: number) => {
    const text = (values[option as keyof typeof values] as string | undefined) ?? env[variable];
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0 || value > 65_535) {
      throw new Error(`--${option} (${variable}) must be a port number, got ${JSON.stringify(text)}`);
    }
    return value;
  };
  const speedText = values.speed ?? env.SIMULATOR_SPEED ?? '1';
  const speed = Number(speedText);
  if (!(speed > 0))
    throw new Error(`--speed (SIMULATOR_SPEED) must be a positive number, got ${JSON.stringify(speedText)}`);
  const startsAt = values['starts-at'] === undefined ? undefined : new Date(values['starts-at']);
  if (startsAt !== undefined && Number.isNaN(startsAt.getTime())) {
    throw new Error(`--starts-at must be an ISO date-time, got ${JSON.stringify(values['starts-at'])}`);
  }
  const logLevel = values['log-level'] ?? env.SIMULATOR_LOG_LEVEL ?? 'warn';
  if (!LOG_LEVELS.includes(logLevel)) throw new Error(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);

  return {
    help: values.help ?? false,
    logLevel,
    simulator: {
      scenario: values.scenario ?? env.SIMULATOR_SCENARIO ?? 'admin-center-outage',
      host: values.host ?? env.SIMULATOR_HOST ?? '127.0.0.1',
      ports: {
        graph: port('graph-port', 'SIMULATOR_GRAPH_PORT', 7443),
        statusSite: port('status-site-port', 'SIMULATOR_STATUS_SITE_PORT', 7480),
        x: port('x-port', 'SIMULATOR_X_PORT', 7490),
        receivers: port('receivers-port', 'SIMULATOR_RECEIVERS_PORT', 7500),
        smtp: port('smtp-port', 'SIMULATOR_SMTP_PORT', 7525),
      },
      startsAt,
      loop: values.loop ?? env.SIMULATOR_LOOP === 'true',
      clock: values.paused ? 'manual' : 'realtime',
      speed,
      workDir: values['work-dir'] ?? (env.SIMULATOR_WORK_DIR || undefined),
    },
  };
}
