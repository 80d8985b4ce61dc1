import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './database/data-source.js';

/** The one connection pool of a Beacon process, to an already migrated database. */
@Module({})
export class PersistenceModule {
  static forRoot(url: string): DynamicModule {
    return { module: PersistenceModule, imports: [TypeOrmModule.forRoot(dataSourceOptions(url))] };
  }
}
