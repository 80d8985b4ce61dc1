import { RawSignalEntity } from '#persistence';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { SignalToApply } from './correlation-context.js';
import { CorrelationService } from './correlation.service.js';
import { lockIngest } from './ingest.lock.js';

const BATCH = 2000;

export interface RebuildProgress {
  done: number;
  total: number;
}

/**
 * Derives every incident, update, sighting, message, piece of evidence and status again from the stored
 * raw signals, replayed poll by poll in the order they were stored. It runs in one transaction: readers
 * keep the old state until the new one is complete, and polls wait for it before they write.
 * The status history is a record of what Beacon showed at the time and is kept as it is.
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
      await lockIngest(manager);
      const total = await manager.count(RawSignalEntity);
      await manager.query('DELETE FROM incidents');
      await manager.query('DELETE FROM messages');
      await manager.query('DELETE FROM service_evidence');

      let done = 0;
      let reported = 0;
      let poll: SignalToApply[] = [];
      const replay = async () => {
        await this.correlation.replay(manager, poll);
        done += poll.length;
        poll = [];
        if (done - reported >= BATCH) {
          reported = done;
          onProgress({ done, total });
        }
      };
      for await (const signal of this.signalsInStoredOrder(manager)) {
        if (poll.length > 0 && !samePoll(poll[0] as SignalToApply, signal)) await replay();
        poll.push(signal);
      }
      if (poll.length > 0) await replay();
      await this.correlation.refreshStatuses(manager, new Date());
      onProgress({ done, total });
      this.logger.log({ signals: done }, 'rebuilt from the raw signals');
      return { done, total };
    });
  }

  private async *signalsInStoredOrder(manager: EntityManager): AsyncGenerator<SignalToApply> {
    let after: { observedAt: Date; id: string } | null = null;
    for (;;) {
      const query = manager
        .createQueryBuilder(RawSignalEntity, 'signal')
        .orderBy('signal.observed_at', 'ASC')
        .addOrderBy('signal.id', 'ASC')
        .take(BATCH);
      if (after) {
        query.where('(signal.observed_at, signal.id) > (:observedAt, :id)', after);
      }
      const page = await query.getMany();
      for (const row of page) yield row;
      const last = page.at(-1);
      if (!last || page.length < BATCH) return;
      after = { observedAt: last.observedAt, id: last.id };
    }
  }
}

/** Live ingestion correlates each poll's new signals together: they share the poll's time and source. */
function samePoll(a: SignalToApply, b: SignalToApply): boolean {
  return (
    a.observedAt.getTime() === b.observedAt.getTime() && a.channel === b.channel && a.tenantId === b.tenantId
  );
}
