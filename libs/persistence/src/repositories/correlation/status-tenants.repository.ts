import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** When a tenant's Graph last answered (null: never). */
export interface GraphLastSuccess {
  tenantId: string;
  lastSuccessAt: Date | null;
}

/**
 * The tenants whose statuses the correlator keeps (`tenants`), and when each one's Graph source last
 * answered (`sources`): what the status rule needs besides the evidence.
 */
@Injectable()
export class StatusTenantsRepository {
  async ids(manager: EntityManager): Promise<string[]> {
    const rows: Array<{ id: string }> = await manager.query('SELECT id FROM tenants');
    return rows.map((row) => row.id);
  }

  /** Whether Beacon has any tenant (without one, it shows the global view). */
  async any(manager: EntityManager): Promise<boolean> {
    const [row]: Array<{ any: boolean }> = await manager.query(
      'SELECT EXISTS (SELECT 1 FROM tenants) AS any',
    );
    return row!.any;
  }

  /**
   * Tenants whose statuses time may have changed between `since` and `now`: those whose Graph went from
   * fresh to stale meanwhile (stale once more than `staleSeconds` passed since its last success; a second
   * either side as a margin for rounding, recomputing a few more changes nothing), and those with no
   * status yet (a tenant added since, whose Graph has not answered).
   */
  async timeMayHaveChanged(
    manager: EntityManager,
    since: Date,
    now: Date,
    staleSeconds: number,
  ): Promise<string[]> {
    const rows: Array<{ tenant_id: string }> = await manager.query(
      `SELECT tenant_id FROM sources
       WHERE channel = 'GRAPH' AND tenant_id IS NOT NULL
         AND last_success_at + make_interval(secs => $1) BETWEEN $2::timestamptz - interval '1 second'
                                                           AND $3::timestamptz + interval '1 second'
       UNION
       SELECT id FROM tenants t WHERE NOT EXISTS (SELECT 1 FROM service_statuses s WHERE s.tenant_id = t.id)`,
      [staleSeconds, since, now],
    );
    return rows.map((row) => row.tenant_id);
  }

  graphLastSuccess(manager: EntityManager, tenantIds: string[]): Promise<GraphLastSuccess[]> {
    return manager.query(
      `SELECT tenant_id AS "tenantId", last_success_at AS "lastSuccessAt"
       FROM sources WHERE channel = 'GRAPH' AND tenant_id = ANY($1::text[])`,
      [tenantIds],
    );
  }
}
