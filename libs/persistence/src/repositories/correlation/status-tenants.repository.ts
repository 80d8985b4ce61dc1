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

  graphLastSuccess(manager: EntityManager, tenantIds: string[]): Promise<GraphLastSuccess[]> {
    return manager.query(
      `SELECT tenant_id AS "tenantId", last_success_at AS "lastSuccessAt"
       FROM sources WHERE channel = 'GRAPH' AND tenant_id = ANY($1::text[])`,
      [tenantIds],
    );
  }
}
