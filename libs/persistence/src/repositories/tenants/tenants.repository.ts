import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** A tenant Beacon knows of: `active` unless every source of it is DISABLED and no admin added it. */
export interface KnownTenant {
  id: string;
  active: boolean;
}

/** The `tenants` table, and which tenants are polled or added now. */
@Injectable()
export class TenantsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The tenants with a Graph source (registered by an ingestor) or added by an admin, by id. */
  known(): Promise<KnownTenant[]> {
    return this.dataSource.query(
      `SELECT tenant_id AS id, bool_or(active) AS active FROM (
         SELECT tenant_id, state <> 'DISABLED' AS active FROM sources
         WHERE channel = 'GRAPH' AND tenant_id IS NOT NULL
         UNION ALL SELECT tenant_id, true FROM tenant_credentials
       ) known GROUP BY tenant_id ORDER BY 1`,
    );
  }

  /** Adds the tenant, or renames it if it is known already (polled before an admin added it). */
  async upsert(manager: EntityManager, id: string, displayName: string): Promise<void> {
    await manager.query(
      `INSERT INTO tenants (id, display_name) VALUES ($1, $2)
       ON CONFLICT (id) DO UPDATE SET display_name = EXCLUDED.display_name`,
      [id, displayName],
    );
  }

  async rename(manager: EntityManager, id: string, displayName: string): Promise<void> {
    await manager.query(`UPDATE tenants SET display_name = $2 WHERE id = $1`, [id, displayName]);
  }
}
