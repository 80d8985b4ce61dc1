import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * NOTIFY in the caller's transaction: PostgreSQL delivers the notices on commit and drops them on rollback.
 * One statement for any number of notices.
 */
@Injectable()
export class ChangeNoticesRepository {
  async notify(manager: EntityManager, channel: string, notices: string[]): Promise<void> {
    await manager.query('SELECT pg_notify($1, notice) FROM unnest($2::text[]) AS notice', [channel, notices]);
  }
}
