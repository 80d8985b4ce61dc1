import type { EffectiveServiceStatus } from '#domain';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { unnestColumns } from '../unnest-columns.js';

/** A service's status for one tenant, as stored. */
export interface ServiceStatusRow extends EffectiveServiceStatus {
  tenantId: string;
  serviceId: string;
  /** When the level, word or channel last changed. */
  changedAt: Date;
}

/** Rows as `unnest` reads them (`columnsOf`). */
const ROWS = `unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::boolean[],
                     $8::timestamptz[]) AS s(tenant_id, service_id, level, status, channel, observed_at, stale, changed_at)`;

/**
 * `service_statuses`, each tenant's current status of each service, and `service_status_changes`, the
 * history of its changes (kept as what Beacon showed). Writes go one statement each, whatever the number of
 * tenants; a write of no rows sends nothing.
 */
@Injectable()
export class ServiceStatusesRepository {
  ofTenants(manager: EntityManager, tenantIds: string[]): Promise<ServiceStatusRow[]> {
    return manager.query(
      `SELECT tenant_id AS "tenantId", service_id AS "serviceId", level, status, channel,
              observed_at AS "observedAt", stale, changed_at AS "changedAt"
       FROM service_statuses WHERE tenant_id = ANY($1::text[])`,
      [tenantIds],
    );
  }

  async upsert(manager: EntityManager, rows: ServiceStatusRow[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO service_statuses (tenant_id, service_id, level, status, channel, observed_at, stale, changed_at)
       SELECT tenant_id, service_id, level::health_level, status, channel::channel, observed_at, stale, changed_at
       FROM ${ROWS}
       ON CONFLICT (tenant_id, service_id) DO UPDATE SET
         level = EXCLUDED.level, status = EXCLUDED.status, channel = EXCLUDED.channel,
         observed_at = EXCLUDED.observed_at, stale = EXCLUDED.stale, changed_at = EXCLUDED.changed_at`,
      columnsOf(rows),
    );
  }

  async recordChanges(manager: EntityManager, rows: ServiceStatusRow[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO service_status_changes (tenant_id, service_id, level, status, channel, changed_at)
       SELECT tenant_id, service_id, level::health_level, status, channel::channel, changed_at
       FROM ${ROWS}`,
      columnsOf(rows),
    );
  }
}

function columnsOf(rows: ServiceStatusRow[]) {
  return unnestColumns(rows, [
    (row) => row.tenantId,
    (row) => row.serviceId,
    (row) => row.level,
    (row) => row.status,
    (row) => row.channel,
    (row) => row.observedAt.toISOString(),
    (row) => row.stale,
    (row) => row.changedAt.toISOString(),
  ]);
}
