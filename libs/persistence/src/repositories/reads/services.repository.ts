import { effectiveServiceStatus, type ServiceEvidence } from '#domain';
import type { ServiceEntity, ServiceStatusEntity } from '../../entities/index.js';
import { Injectable } from '@nestjs/common';
import type { TenantScope } from './tenant-scope.type.js';
import { SqlReader } from './sql.reader.js';

/** A service with its current status in one view. */
export type ServiceStatusRecord = ServiceEntity &
  Pick<ServiceStatusEntity, 'level' | 'status' | 'channel' | 'observedAt' | 'stale'>;

/**
 * The services a view lists and their status: for a tenant, the statuses correlation keeps
 * (`service_statuses`); with no Graph tenant, what the fallback channels last said (`service_evidence`
 * without tenant), through the same rule correlation uses, always stale.
 */
@Injectable()
export class ServicesRepository {
  constructor(private readonly sql: SqlReader) {}

  /** Sorted by name; only the given services when `serviceIds` is set. */
  async statusesInScope(scope: TenantScope, serviceIds?: readonly string[]): Promise<ServiceStatusRecord[]> {
    return scope === null ? this.globalStatuses(serviceIds) : this.tenantStatuses(scope, serviceIds);
  }

  private tenantStatuses(tenantId: string, serviceIds?: readonly string[]): Promise<ServiceStatusRecord[]> {
    return this.sql.rows(
      `SELECT s.id, s.name, st.level, st.status, st.channel, st.observed_at AS "observedAt", st.stale
       FROM service_statuses st JOIN services s ON s.id = st.service_id
       WHERE st.tenant_id = $1 ${serviceIds ? 'AND st.service_id = ANY($2::text[])' : ''}
       ORDER BY s.name, s.id`,
      serviceIds ? [tenantId, serviceIds] : [tenantId],
    );
  }

  private async globalStatuses(serviceIds?: readonly string[]): Promise<ServiceStatusRecord[]> {
    const rows: Array<ServiceEvidence & ServiceEntity> = await this.sql.rows(
      `SELECT s.id, s.name, e.channel, e.level, e.status, e.observed_at AS "observedAt"
       FROM service_evidence e JOIN services s ON s.id = e.service_id
       WHERE e.tenant_id IS NULL ${serviceIds ? 'AND e.service_id = ANY($1::text[])' : ''}
       ORDER BY s.name, s.id`,
      serviceIds ? [serviceIds] : [],
    );
    const byService = new Map<string, Array<ServiceEvidence & ServiceEntity>>();
    for (const row of rows) byService.set(row.id, [...(byService.get(row.id) ?? []), row]);
    return [...byService.values()].flatMap((evidence) => {
      const { id, name } = evidence[0]!;
      const status = effectiveServiceStatus({
        graph: null,
        fallback: evidence,
        graphFresh: false,
        graphLastSuccessAt: null,
      });
      return status
        ? [
            {
              id,
              name,
              level: status.level,
              status: status.status,
              channel: status.channel,
              observedAt: status.observedAt,
              stale: status.stale,
            },
          ]
        : [];
    });
  }
}
