import type { ServiceEvidence } from '#domain';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { unnestColumns } from '../unnest-columns.js';

/** A channel's latest word on a service: Graph's for a tenant, the fallback channels' with no tenant. */
export interface EvidenceRow extends ServiceEvidence {
  tenantId: string | null;
  serviceId: string;
}

/** Graph's word for one tenant. */
export type TenantEvidenceRow = EvidenceRow & { tenantId: string };

const COLUMNS = `tenant_id AS "tenantId", service_id AS "serviceId", channel, level, status, observed_at AS "observedAt"`;

/**
 * `service_evidence` as the correlator reads and writes it. A write keeps the newest word: an older one
 * arriving late changes nothing.
 */
@Injectable()
export class ServiceEvidenceRepository {
  /** The fallback channels' word on every service (or on one). */
  fallback(manager: EntityManager, serviceId?: string): Promise<EvidenceRow[]> {
    return serviceId === undefined
      ? manager.query(`SELECT ${COLUMNS} FROM service_evidence WHERE tenant_id IS NULL`)
      : manager.query(`SELECT ${COLUMNS} FROM service_evidence WHERE tenant_id IS NULL AND service_id = $1`, [
          serviceId,
        ]);
  }

  /** Graph's word on the services of these tenants. */
  graphOfTenants(manager: EntityManager, tenantIds: string[]): Promise<TenantEvidenceRow[]> {
    return manager.query(
      `SELECT ${COLUMNS} FROM service_evidence WHERE tenant_id = ANY($1::text[]) AND channel = 'GRAPH'`,
      [tenantIds],
    );
  }

  async upsert(
    manager: EntityManager,
    { tenantId, serviceId, channel, level, status, observedAt }: EvidenceRow,
  ): Promise<void> {
    const conflict =
      tenantId === null
        ? '(service_id, channel) WHERE tenant_id IS NULL'
        : '(tenant_id, service_id, channel) WHERE tenant_id IS NOT NULL';
    await manager.query(
      `INSERT INTO service_evidence (tenant_id, service_id, channel, level, status, observed_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ${conflict} DO UPDATE SET level = EXCLUDED.level, status = EXCLUDED.status,
         observed_at = EXCLUDED.observed_at
       WHERE service_evidence.observed_at <= EXCLUDED.observed_at`,
      [tenantId, serviceId, channel, level, status, observedAt],
    );
  }

  /** Tenants' evidence in one statement, one parameter per column (at most one row per key). */
  async upsertTenants(manager: EntityManager, rows: TenantEvidenceRow[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO service_evidence (tenant_id, service_id, channel, level, status, observed_at)
       SELECT tenant_id, service_id, channel::channel, level::health_level, status, observed_at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
         AS e(tenant_id, service_id, channel, level, status, observed_at)
       ON CONFLICT (tenant_id, service_id, channel) WHERE tenant_id IS NOT NULL DO UPDATE SET
         level = EXCLUDED.level, status = EXCLUDED.status, observed_at = EXCLUDED.observed_at
       WHERE service_evidence.observed_at <= EXCLUDED.observed_at`,
      unnestColumns(rows, [
        (e) => e.tenantId,
        (e) => e.serviceId,
        (e) => e.channel,
        (e) => e.level,
        (e) => e.status,
        (e) => e.observedAt.toISOString(),
      ]),
    );
  }
}
