import { CorrelationService } from '#correlation';
import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/**
 * Time alone changes statuses: Graph goes stale when its polls keep failing, and no signal says so. Every
 * few seconds the statuses are recomputed as of now; concurrent processes take turns inside.
 */
@Injectable()
export class StatusRefreshJob {
  private readonly logger = new Logger(StatusRefreshJob.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly correlation: CorrelationService,
  ) {}

  @Interval(5000)
  async refresh(): Promise<void> {
    try {
      const { serviceStatusChanges } = await this.dataSource.transaction((manager) =>
        this.correlation.refreshStatuses(manager, new Date()),
      );
      if (serviceStatusChanges.length > 0)
        this.logger.log({ changes: serviceStatusChanges.length }, 'statuses changed');
    } catch (error) {
      this.logger.error({ error: String(error) }, 'could not refresh statuses');
    }
  }
}
