import { type BeaconConfig, ConfigModule } from '#config';
import { PersistenceModule } from '#persistence';
import { type DynamicModule, Module, type Type } from '@nestjs/common';
import type { Logger } from 'pino';
import { HealthModule } from './health/health.module.js';
import { LoggingModule } from './logging/logging.module.js';
import { MetricsModule } from './metrics/metrics.module.js';

export interface BeaconAppOptions {
  config: BeaconConfig;
  logger: Logger;
  databaseUrl: string;
  /** What this process does: the API, the ingestor, or both. */
  features: Type[];
}

/** The root of every Beacon process: configuration, logging, the database, health, metrics, then its features. */
@Module({})
export class BeaconAppModule {
  static forRoot({ config, logger, databaseUrl, features }: BeaconAppOptions): DynamicModule {
    return {
      module: BeaconAppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        PersistenceModule.forRoot(databaseUrl),
        HealthModule,
        MetricsModule,
        ...features,
      ],
    };
  }
}
