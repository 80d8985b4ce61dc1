import { BEACON_CONFIG, type BeaconConfig } from '#config';
import { DATABASE_URL, dataSourceOptions, READS, SqlReader } from '#persistence';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

/**
 * The API's reads, on a pool of their own: a long write (a first import, a rebuild) holding every
 * writer's connection never keeps a query waiting for one, and a read gives up sooner than a write.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      name: READS,
      inject: [BEACON_CONFIG, DATABASE_URL],
      useFactory: (config: BeaconConfig, url: string) => ({
        ...dataSourceOptions(url, config.database.pools.read, 'beacon-reads'),
        name: READS,
      }),
    }),
  ],
  providers: [SqlReader],
  exports: [SqlReader],
})
export class DatabaseModule {}
