import type { BeaconConfig } from '#config';
import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger as NestLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { BeaconAppModule } from './beacon-app.module.js';
import { openDatabase } from './open-database.js';

/** GraphQL documents and API payloads are small; anything larger is refused before it is parsed. */
const BODY_LIMIT_BYTES = 256 * 1024;

export interface RunningBeacon {
  app: NestFastifyApplication;
  /** Where the HTTP server listens, e.g. http://127.0.0.1:3000. */
  url: string;
  /** Stops accepting, finishes in-flight work, closes the pool, then stops the embedded database. */
  close(): Promise<void>;
  /** Settles if the embedded PostgreSQL dies under this process (never for DATABASE_URL). */
  databaseLost: Promise<string>;
}

/**
 * Brings up one Beacon process: the database (embedded unless DATABASE_URL is set), its migrations as an
 * explicit step, then the Nest application with the given features on Fastify.
 */
export async function startBeacon(options: {
  config: BeaconConfig;
  logger: Logger;
  features: Type[];
}): Promise<RunningBeacon> {
  const { config, logger, features } = options;
  // Beacon stops its embedded database itself, in order, on every signal: a terminal's Ctrl-C must not.
  const database = await openDatabase(config, logger, { detached: true });
  let app: NestFastifyApplication | undefined;
  try {
    app = await NestFactory.create<NestFastifyApplication>(
      BeaconAppModule.forRoot({ config, logger, databaseUrl: database.url, features }),
      new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES }),
      { bufferLogs: true },
    );
    app.useLogger(app.get(NestLogger));
    await app.listen(config.http.port, config.http.host);
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    logger.info({ url }, 'Beacon is listening');

    const running = app;
    return {
      app: running,
      url,
      databaseLost: database.lost,
      close: async () => {
        await running.close();
        await database.close();
      },
    };
  } catch (error) {
    // `listen` starts the application (pollers, listeners, pool) before it binds: stop it all.
    await app?.close().catch(() => undefined);
    await database.close();
    throw error;
  }
}
