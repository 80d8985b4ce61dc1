import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Deletes of the history that is not kept for ever, one bounded batch per call (short transactions, so that
 * polls and the API never wait long on one): `poll_runs`, and `service_status_changes` less the last change
 * of each tenant and service before the limit. Each returns how many rows it deleted.
 */
@Injectable()
export class HistoryRetentionRepository {
  async deletePollRuns(manager: EntityManager, before: Date, limit: number): Promise<number> {
    // TypeORM answers a DELETE with [rows, affected].
    const [, count]: [unknown, number] = await manager.query(
      `DELETE FROM poll_runs WHERE id IN (
         SELECT id FROM poll_runs WHERE started_at < $1 ORDER BY started_at LIMIT $2)`,
      [before, limit],
    );
    return count;
  }

  /** The change in force at `before` stays: it says what the status was when the kept history begins. */
  async deleteStatusChanges(manager: EntityManager, before: Date, limit: number): Promise<number> {
    const [, count]: [unknown, number] = await manager.query(
      `DELETE FROM service_status_changes WHERE id IN (
         SELECT c.id FROM service_status_changes c
         WHERE c.changed_at < $1 AND EXISTS (
           SELECT 1 FROM service_status_changes later
           WHERE later.tenant_id = c.tenant_id AND later.service_id = c.service_id
             AND later.changed_at <= $1 AND (later.changed_at, later.id) > (c.changed_at, c.id))
         ORDER BY c.changed_at LIMIT $2)`,
      [before, limit],
    );
    return count;
  }
}
