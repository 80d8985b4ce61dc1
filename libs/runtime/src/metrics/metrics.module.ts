import { Global, Module } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { MetricsController } from './metrics.controller.js';

/** One Prometheus registry per process: features register their metrics in it, `/metrics` serves it. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    {
      provide: Registry,
      useFactory: () => {
        const registry = new Registry();
        collectDefaultMetrics({ register: registry, prefix: 'beacon_' });
        return registry;
      },
    },
  ],
  exports: [Registry],
})
export class MetricsModule {}
