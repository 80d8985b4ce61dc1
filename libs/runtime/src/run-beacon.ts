import type { Type } from '@nestjs/common';
import { loadConfigOrExit } from './load-config-or-exit.js';
import { createLogger } from './logging/create-logger.js';
import { startBeacon } from './start-beacon.js';
import { stopInOrder } from './stop-in-order.js';

/**
 * The entry point of every Beacon process: validated configuration or a clear refusal, then the process
 * runs until SIGTERM, SIGINT or SIGHUP (or the loss of its embedded database) and shuts down in order.
 */
export function runBeacon(name: string, features: Type[]): void {
  const config = loadConfigOrExit();
  const logger = createLogger(config, name);
  stopInOrder(logger, startBeacon({ config, logger, features }));
}
