import { type HealthLevel, KNOWN_SERVICES } from '#domain';
import { Injectable } from '@nestjs/common';
import { tenantView } from './incidents.repository.js';
import type { SourceRecord } from './sources.repository.js';
import type { TenantScope } from './tenant-scope.type.js';
import { SqlReader } from './sql.reader.js';

/** The service whose status-site posts and X posts speak of the Microsoft 365 admin center. */
const ADMIN_CENTER_SERVICE_ID = KNOWN_SERVICES.microsoft365Suite.id;

export interface OverviewSignals {
  activeIncidentCount: number;
  /** The worst level among the tenant's services; null in the global view (computed from the evidence). */
  worstLevel: HealthLevel | null;
  /** What the status site last said of the admin center; null when it never did. */
  adminCenterStatusSiteLevel: HealthLevel | null;
  /** X posts on unresolved incidents of the Microsoft 365 suite. */
  adminCenterXPosts: string[];
  /** The global sources and the tenant's Graph. */
  sources: SourceRecord[];
}

type SourceJson = Omit<SourceRecord, 'lastAttemptAt' | 'lastSuccessAt' | 'nextAttemptAt'> &
  Record<'lastAttemptAt' | 'lastSuccessAt' | 'nextAttemptAt', string | null>;

/** The dashboard's figures and sources, in one statement: one round trip, however busy the database. */
@Injectable()
export class OverviewRepository {
  constructor(private readonly sql: SqlReader) {}

  async signals(scope: TenantScope): Promise<OverviewSignals> {
    const tenant = scope === null ? null : '$2';
    const view = tenantView(tenant);
    const [row] = await this.sql.rows<Omit<OverviewSignals, 'sources'> & { sources: SourceJson[] }>(
      `SELECT
         (SELECT count(*)::int FROM incidents i ${view.join}
          WHERE NOT i.is_resolved ${view.condition ? `AND ${view.condition}` : ''}) AS "activeIncidentCount",
         ${
           tenant
             ? `(SELECT coalesce(max(st.level) FILTER (WHERE st.level <> 'UNKNOWN'), 'UNKNOWN')
                FROM service_statuses st WHERE st.tenant_id = ${tenant})`
             : 'NULL'
         } AS "worstLevel",
         (SELECT e.level FROM service_evidence e
          WHERE e.tenant_id IS NULL AND e.service_id = $1 AND e.channel = 'STATUS_SITE') AS "adminCenterStatusSiteLevel",
         ARRAY(SELECT u.text FROM incidents i JOIN incident_updates u ON u.incident_id = i.id
               WHERE NOT i.is_resolved AND i.service_id = $1 AND u.channel = 'X') AS "adminCenterXPosts",
         (SELECT coalesce(json_agg(json_build_object('channel', s.channel, 'tenantId', s.tenant_id,
                   'state', s.state, 'lastAttemptAt', s.last_attempt_at, 'lastSuccessAt', s.last_success_at,
                   'consecutiveFailures', s.consecutive_failures, 'lastError', s.last_error,
                   'nextAttemptAt', s.next_attempt_at) ORDER BY s.channel, s.tenant_id NULLS FIRST), '[]')
          FROM sources s WHERE s.tenant_id IS NULL ${tenant ? `OR s.tenant_id = ${tenant}` : ''}) AS sources`,
      tenant ? [ADMIN_CENTER_SERVICE_ID, scope] : [ADMIN_CENTER_SERVICE_ID],
    );
    const date = (value: string | null) => (value === null ? null : new Date(value));
    return {
      ...row!,
      sources: row!.sources.map((source) => ({
        ...source,
        lastAttemptAt: date(source.lastAttemptAt),
        lastSuccessAt: date(source.lastSuccessAt),
        nextAttemptAt: date(source.nextAttemptAt),
      })),
    };
  }
}
