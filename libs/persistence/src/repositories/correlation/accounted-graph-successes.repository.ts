import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A tenant's Graph answer: when it last succeeded. */
export interface GraphSuccess {
  tenantId: string;
  lastSuccessAt: Date;
}

/**
 * `accounted_graph_successes`: the Graph answer each tenant's statuses were last recomputed with, against
 * `sources.last_success_at`. A tenant's answers arrive in order (one poll of a source at a time), so a
 * newer one is never missed, however late its transaction commits.
 */
@Injectable()
export class AccountedGraphSuccessesRepository {
  /** Tenants whose Graph answered since their statuses were last recomputed. */
  unaccounted(manager: EntityManager): Promise<GraphSuccess[]> {
    return manager.query(
      `SELECT s.tenant_id AS "tenantId", s.last_success_at AS "lastSuccessAt"
       FROM sources s JOIN tenants t ON t.id = s.tenant_id
         LEFT JOIN accounted_graph_successes a ON a.tenant_id = s.tenant_id
       WHERE s.channel = 'GRAPH' AND s.last_success_at IS NOT NULL
         AND s.last_success_at IS DISTINCT FROM a.last_success_at`,
    );
  }

  async account(manager: EntityManager, successes: GraphSuccess[]): Promise<void> {
    if (successes.length === 0) return;
    await manager.query(
      `INSERT INTO accounted_graph_successes (tenant_id, last_success_at)
       SELECT * FROM unnest($1::text[], $2::timestamptz[])
       ON CONFLICT (tenant_id) DO UPDATE SET last_success_at = excluded.last_success_at`,
      [successes.map((s) => s.tenantId), successes.map((s) => s.lastSuccessAt)],
    );
  }
}
