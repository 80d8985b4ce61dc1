import { Controller, Get } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { Heartbeats } from './heartbeats.js';

/**
 * Liveness says the process answers; readiness that it can reach its database and that its work loops
 * (in processes that run the ingestor) keep getting work done.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicator: HealthIndicatorService,
    private readonly heartbeats: Heartbeats,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 2000 }),
      () => this.work(),
    ]);
  }

  private work() {
    const overdue = this.heartbeats.overdue();
    if (overdue.length === 0) return this.indicator.check('work').up();
    const reason = overdue
      .map(({ name, overdueMs }) => `${name}: no work done, ${Math.round(overdueMs / 1000)} s overdue`)
      .join('; ');
    return this.indicator.check('work').down({ reason });
  }
}
