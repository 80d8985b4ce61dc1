import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller.js';
import { Heartbeats } from './heartbeats.js';

/** Global, so that the work loops of any feature (the ingestor's) can beat where readiness looks. */
@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [Heartbeats],
  exports: [Heartbeats],
})
export class HealthModule {}
