import { Module } from '@nestjs/common';
import { CorrelationService } from './correlation.service.js';
import { RebuildService } from './rebuild.service.js';

@Module({ providers: [CorrelationService, RebuildService], exports: [CorrelationService, RebuildService] })
export class CorrelationModule {}
