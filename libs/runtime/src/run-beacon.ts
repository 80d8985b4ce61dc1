import type { Type } from '@nestjs/common';
import { loadConfigOrExit } from './load-config-or-exit.js';
import { createLogger } from './logging/create-logger.js';
import { startBeacon } from './start-beacon.js';

/** How long in-flight work may take to finish after SIGTERM before the process gives up on it. */
const SHUTDOWN_GRACE_MS = 30_000;

/**
 * The entry point of every Beacon process: validated configuration or a clear refusal, then the process
 * runs until SIGTERM, SIGINT or SIGHUP and shuts down in order.
 */
export async function runBeacon(name: string, features: Type[]): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config, name);

  let running;
  try {
    running = await startBeacon({ config, logger, features });
  } catch (error) {
    logger.fatal({ err: error }, 'Beacon could not start');
    process.exit(1);
  }

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown took too long; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    await running.close();
    logger.info('stopped');
    process.exit(0);
  };
  // SIGHUP too: closing the terminal that runs `npm start` must not orphan the embedded database.
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, shutdown);
}
