import type { SourceEntity } from '../../entities/index.js';
import { Injectable } from '@nestjs/common';
import { SqlReader } from './sql.reader.js';

export type SourceRecord = Omit<SourceEntity, 'id' | 'cursor' | 'tenant'>;

/** The health of every polled source, as the ingestors record it (the overview reads its own). */
@Injectable()
export class SourcesRepository {
  constructor(private readonly sql: SqlReader) {}

  /** Every source: by channel, the global ones first. */
  list(): Promise<SourceRecord[]> {
    return this.sql.rows(
      `SELECT s.channel, s.tenant_id AS "tenantId", s.state, s.last_attempt_at AS "lastAttemptAt",
         s.last_success_at AS "lastSuccessAt", s.consecutive_failures AS "consecutiveFailures",
         s.last_error AS "lastError", s.next_attempt_at AS "nextAttemptAt"
       FROM sources s ORDER BY s.channel, s.tenant_id NULLS FIRST`,
    );
  }
}
