import { METRICS_ACCESS, type MetricsAccess } from '#runtime';
import { Global, Module } from '@nestjs/common';
import { AccessService } from './access.service.js';
import { AuthModule } from './auth.module.js';
import { hasRole } from './principal.js';

/** `/metrics` (libs/runtime) asks the API's keys: admins only (an MSP's figures are its business). */
@Global()
@Module({
  imports: [AuthModule],
  providers: [
    {
      provide: METRICS_ACCESS,
      inject: [AccessService],
      useFactory: (access: AccessService): MetricsAccess => ({
        async check(headers) {
          const verdict = await access.authenticate(headers);
          if (typeof verdict !== 'object') return 'unauthenticated';
          return hasRole(verdict, 'admin') ? 'allowed' : 'forbidden';
        },
      }),
    },
  ],
  exports: [METRICS_ACCESS],
})
export class MetricsAccessModule {}
