import type { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as NestLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { BeaconAppModule } from './beacon-app.module.js';
import { loadConfigOrExit } from './load-config-or-exit.js';
import { createLogger } from './logging/create-logger.js';
import { openDatabase } from './open-database.js';

/**
 * A one-off job beside (or instead of) a running Beacon, e.g. `npm run rebuild`: same configuration and
 * database (attached to a live Beacon's embedded PostgreSQL when there is one), no HTTP server.
 */
export async function runTask(
  name: string,
  features: Type[],
  task: (app: INestApplicationContext, logger: Logger) => Promise<void>,
): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config, name);
  const database = await openDatabase(config, logger, { attach: true });
  let exitCode = 0;
  try {
    const app = await NestFactory.createApplicationContext(
      BeaconAppModule.forRoot({ config, logger, databaseUrl: database.url, features }),
      { bufferLogs: true },
    );
    app.useLogger(app.get(NestLogger));
    try {
      await task(app, logger);
    } finally {
      await app.close();
    }
  } catch (error) {
    logger.fatal({ err: error }, `${name} failed`);
    exitCode = 1;
  } finally {
    await database.close();
  }
  process.exit(exitCode);
}
