import { BEACON_CONFIG, type BeaconConfig } from '#config';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DEFAULT_WRITE_POOL, dataSourceOptions } from './database/data-source.js';

/** Injection token of the database's URL, for modules that open a pool of their own (the API's reads). */
export const DATABASE_URL = Symbol('DATABASE_URL');

/**
 * The writers' pool of a Beacon process (polls, jobs, tasks: the default DataSource), to an already
 * migrated database, with the configured limits (the defaults where a test gives no configuration).
 */
@Global()
@Module({})
export class PersistenceModule {
  static forRoot(url: string): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [{ token: BEACON_CONFIG, optional: true }],
          useFactory: (config?: BeaconConfig) =>
            dataSourceOptions(url, config?.database.pools.write ?? DEFAULT_WRITE_POOL),
        }),
      ],
      providers: [{ provide: DATABASE_URL, useValue: url }],
      exports: [DATABASE_URL],
    };
  }
}
