import { Module } from '@nestjs/common';
import { CorrelationService } from './correlation.service.js';
import { Correlator } from './correlator.js';
import { RebuildService } from './rebuild.service.js';

@Module({
  providers: [CorrelationService, Correlator, RebuildService],
  exports: [Correlator, RebuildService],
})
export class CorrelationModule {}
