import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { SourcesRepository } from '#persistence';
import { SourcesResolver } from './sources.resolver.js';

@Module({
  imports: [DatabaseModule],
  providers: [SourcesRepository, SourcesResolver],
  exports: [SourcesRepository],
})
export class SourcesModule {}
