import {
  CorrelationCursorRepository,
  LOG_START,
  payloadsOf,
  type PayloadsByHash,
  RebuildRepository,
  SignalLogRepository,
} from '#persistence';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CorrelationService } from './correlation.service.js';
import { CATCH_UP_STEP_SIZE } from './correlator.js';

const rebuildTables = new RebuildRepository();
const log = new SignalLogRepository();
const cursors = new CorrelationCursorRepository();

export interface RebuildProgress {
  done: number;
  total: number;
}

/**
 * Derives every incident, update, sighting, message, piece of evidence and status again from the raw
 * signals: the correlator's own fold, from the start of the log, in the log's order, so that what a
 * rebuild gives is what live correlation gave, by construction. One transaction: readers keep the old
 * state until the new one is complete; polls go on appending, and the live correlator carries on from
 * where the rebuild stopped. The status history is a record of what Beacon showed and is kept.
 */
@Injectable()
export class RebuildService {
  private readonly logger = new Logger(RebuildService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly correlation: CorrelationService,
  ) {}

  async rebuild(onProgress: (progress: RebuildProgress) => void = () => undefined): Promise<RebuildProgress> {
    return this.dataSource.transaction(async (manager) => {
      await cursors.waitForTurn(manager);
      const horizon = await log.horizon(manager);
      const total = await rebuildTables.signalCount(manager);
      await rebuildTables.clearDerivedState(manager);

      const context = this.correlation.context(manager);
      let position = LOG_START;
      let done = 0;
      let payloads: PayloadsByHash = new Map();
      for (;;) {
        const signals = await log.read(manager, position, horizon, CATCH_UP_STEP_SIZE, payloads);
        payloads = payloadsOf(signals);
        const last = signals.at(-1);
        if (!last) break;
        await this.correlation.fold(context, signals);
        position = { observedAt: last.observedAt, id: last.id };
        done += signals.length;
        onProgress({ done, total });
      }
      const now = new Date();
      // Every tenant's statuses are recomputed below: time is accounted for until now.
      await cursors.write(manager, { position, freshnessCheckedAt: now }, now);
      // Every incident is new to this transaction: one notice each would flood the listeners for nothing.
      context.changed.clear();
      await this.correlation.finish(context, now, [null]);
      this.logger.log({ signals: done }, 'rebuilt from the raw signals');
      return { done, total };
    });
  }
}
