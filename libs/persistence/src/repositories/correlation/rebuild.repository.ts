import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** What a rebuild reads and clears before it folds the log again from its start. */
@Injectable()
export class RebuildRepository {
  async signalCount(manager: EntityManager): Promise<number> {
    const [row]: Array<{ count: string }> = await manager.query('SELECT count(*) AS count FROM raw_signals');
    return Number(row!.count);
  }

  /**
   * Deletes what the fold derives again: incidents (with everything that refers to them), messages and
   * evidence. Statuses and their history stay: the history is a record of what Beacon showed.
   */
  async clearDerivedState(manager: EntityManager): Promise<void> {
    await manager.query('DELETE FROM incidents');
    await manager.query('DELETE FROM messages');
    await manager.query('DELETE FROM service_evidence');
  }
}
