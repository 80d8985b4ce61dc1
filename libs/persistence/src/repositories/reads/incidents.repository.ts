import type { Channel, IncidentClassification } from '#domain';
import type {
  IncidentEntity,
  IncidentReferenceEntity,
  IncidentSightingEntity,
  IncidentTenantEntity,
  IncidentUpdateEntity,
} from '../../entities/index.js';
import { Injectable } from '@nestjs/common';
import { cursorTimeSql, type KeysetPosition } from './keyset.sql.js';
import { integer, SqlParams } from './sql-params.util.js';
import type { TenantScope } from './tenant-scope.type.js';
import { SqlReader } from './sql.reader.js';

/** An incident row as the API reads it (the entity without its search vector and origin). */
export type IncidentRecord = Omit<IncidentEntity, 'search' | 'service' | 'origin'>;
export type IncidentPageRecord = IncidentRecord & { cursorTime: string };
export type IncidentUpdateRecord = Omit<
  IncidentUpdateEntity,
  'search' | 'incident' | 'rawSignal' | 'rawSignalId'
>;
export type IncidentSightingRecord = Omit<IncidentSightingEntity, 'incident'>;
export type IncidentReferenceRecord = Omit<IncidentReferenceEntity, 'incident'>;
export type IncidentTenantRecord = Pick<IncidentTenantEntity, 'incidentId' | 'tenantId'>;

/** What `incidents` may be filtered by, validated (see IncidentsService). */
export interface IncidentCriteria {
  /** The tenant whose view is read; null: every incident (no Graph tenant is configured). */
  scope: TenantScope;
  serviceIds?: string[];
  active?: boolean;
  classification?: IncidentClassification;
  channel?: Channel;
  from?: Date;
  to?: Date;
  search?: string;
}

const INCIDENT_COLUMNS = `i.id, i.reference, i.title, i.service_id AS "serviceId", i.service_name AS "serviceName",
  i.feature, i.feature_group AS "featureGroup", i.classification, i.status, i.level,
  i.is_resolved AS "isResolved", i.impact_description AS "impactDescription", i.started_at AS "startedAt",
  i.ended_at AS "endedAt", i.first_seen_at AS "firstSeenAt", i.last_updated_at AS "lastUpdatedAt",
  i.provisional, i.post_incident_report_available AS "postIncidentReportAvailable"`;

const TENANT_IDS = `ARRAY(SELECT it.tenant_id FROM incident_tenants it WHERE it.incident_id = i.id
  ORDER BY it.tenant_id) AS "tenantIds"`;

/**
 * semantics.md and `incidentVisible` (#domain): a tenant sees what its Graph lists, plus what only the
 * global channels know of. Those are the provisional incidents: an incident is linked to a tenant only by
 * that tenant's Graph, which makes it non-provisional in the same transaction. Written as a join on the (incident, tenant) key rather than
 * EXISTS … OR …, which PostgreSQL would answer by hashing every link of the tenant, whatever the page size.
 */
export function tenantView(tenant: string | null): { join: string; condition: string | null } {
  return tenant === null
    ? { join: '', condition: null }
    : {
        join: `LEFT JOIN incident_tenants vt ON vt.incident_id = i.id AND vt.tenant_id = ${tenant}`,
        condition: '(i.provisional OR vt.incident_id IS NOT NULL)',
      };
}

/** The incidents table, read with hand-written SQL over its indexes: one statement per list or batch. */
@Injectable()
export class IncidentsRepository {
  constructor(private readonly sql: SqlReader) {}

  /** Newest first by (lastUpdatedAt, id), after the given position; `limit` rows at most. */
  page(
    criteria: IncidentCriteria,
    after: KeysetPosition | null,
    limit: number,
  ): Promise<IncidentPageRecord[]> {
    const params = new SqlParams();
    const { join, conditions } = this.filter(criteria, params);
    if (after) {
      conditions.push(
        `(i.last_updated_at, i.reference) < (${params.add(after.time)}::timestamptz, ${params.add(after.id)})`,
      );
    }
    return this.sql.rows(
      `SELECT ${INCIDENT_COLUMNS}, ${cursorTimeSql('i.last_updated_at')} AS "cursorTime"
       FROM incidents i ${join} ${where(conditions)}
       ORDER BY i.last_updated_at DESC, i.reference DESC LIMIT ${integer(limit)}`,
      params.values,
    );
  }

  /** The page and the number of every incident matching the criteria, in one statement (one snapshot). */
  async pageAndTotal(
    criteria: IncidentCriteria,
    after: KeysetPosition | null,
    limit: number,
  ): Promise<{ rows: IncidentPageRecord[]; total: number }> {
    const params = new SqlParams();
    const counted = this.filter(criteria, params);
    const { join, conditions } = this.filter(criteria, params);
    if (after) {
      conditions.push(
        `(i.last_updated_at, i.reference) < (${params.add(after.time)}::timestamptz, ${params.add(after.id)})`,
      );
    }
    // The total's one row, joined to the page's rows (none: one row of nulls beside the total).
    const rows = await this.sql.rows<IncidentPageRecord & { total: number }>(
      `SELECT t.total, p.* FROM
         (SELECT count(*)::int AS total FROM incidents i ${counted.join} ${where(counted.conditions)}) t
       LEFT JOIN LATERAL (
         SELECT ${INCIDENT_COLUMNS}, ${cursorTimeSql('i.last_updated_at')} AS "cursorTime"
         FROM incidents i ${join} ${where(conditions)}
         ORDER BY i.last_updated_at DESC, i.reference DESC LIMIT ${integer(limit)}) p ON true`,
      params.values,
    );
    return {
      total: rows[0]!.total,
      rows: rows.filter((row) => row.id !== null).map(({ total: _total, ...row }) => row),
    };
  }

  async count(criteria: IncidentCriteria): Promise<number> {
    const params = new SqlParams();
    const { join, conditions } = this.filter(criteria, params);
    const [row] = await this.sql.rows(
      `SELECT count(*)::int AS count FROM incidents i ${join} ${where(conditions)}`,
      params.values,
    );
    return (row as { count: number }).count;
  }

  /** By its current id or any alias, with the tenants whose Graph lists it (to decide who sees it). */
  async findByReference(reference: string): Promise<(IncidentRecord & { tenantIds: string[] }) | null> {
    const rows: Array<IncidentRecord & { tenantIds: string[] }> = await this.sql.rows(
      `SELECT ${INCIDENT_COLUMNS}, ${TENANT_IDS}
       FROM incident_references r JOIN incidents i ON i.id = r.incident_id
       WHERE r.reference = $1`,
      [reference],
    );
    return rows[0] ?? null;
  }

  /** By row id, with the tenants whose Graph lists it (for subscriptions, to decide who sees it). */
  async findByKey(key: string): Promise<(IncidentRecord & { tenantIds: string[] }) | null> {
    const rows: Array<IncidentRecord & { tenantIds: string[] }> = await this.sql.rows(
      `SELECT ${INCIDENT_COLUMNS}, ${TENANT_IDS} FROM incidents i WHERE i.id = $1`,
      [key],
    );
    return rows[0] ?? null;
  }

  /** Unresolved incidents of the given services that the tenant sees, newest first. */
  async activeOfServices(scope: TenantScope, serviceIds: readonly string[]): Promise<IncidentRecord[]> {
    const params = new SqlParams();
    const view = tenantView(scope === null ? null : params.add(scope));
    const conditions = [`NOT i.is_resolved`, `i.service_id = ANY(${params.add(serviceIds)}::text[])`];
    if (view.condition) conditions.push(view.condition);
    return this.sql.rows(
      `SELECT ${INCIDENT_COLUMNS} FROM incidents i ${view.join} ${where(conditions)}
       ORDER BY i.last_updated_at DESC, i.reference DESC`,
      params.values,
    );
  }

  /** Every post of the given incidents, oldest first. */
  updatesOf(keys: readonly string[]): Promise<IncidentUpdateRecord[]> {
    return this.sql.rows(
      `SELECT u.id, u.incident_id AS "incidentId", u.channel, u.external_id AS "externalId",
         u.posted_at AS "postedAt", u.text, u.html, u.kind
       FROM incident_updates u WHERE u.incident_id = ANY($1::uuid[])
       ORDER BY u.posted_at, u.channel, u.external_id`,
      [keys],
    );
  }

  sightingsOf(keys: readonly string[]): Promise<IncidentSightingRecord[]> {
    return this.sql.rows(
      `SELECT s.incident_id AS "incidentId", s.channel, s.first_seen_at AS "firstSeenAt",
         s.last_seen_at AS "lastSeenAt"
       FROM incident_sightings s WHERE s.incident_id = ANY($1::uuid[])
       ORDER BY s.first_seen_at, s.channel`,
      [keys],
    );
  }

  referencesOf(keys: readonly string[]): Promise<IncidentReferenceRecord[]> {
    return this.sql.rows(
      `SELECT r.reference, r.incident_id AS "incidentId" FROM incident_references r
       WHERE r.incident_id = ANY($1::uuid[]) ORDER BY r.reference`,
      [keys],
    );
  }

  tenantsOf(keys: readonly string[]): Promise<IncidentTenantRecord[]> {
    return this.sql.rows(
      `SELECT t.incident_id AS "incidentId", t.tenant_id AS "tenantId" FROM incident_tenants t
       WHERE t.incident_id = ANY($1::uuid[]) ORDER BY t.tenant_id`,
      [keys],
    );
  }

  /** The join and conditions of `incidents i` for the criteria; statistics and exports filter the same way. */
  filter(criteria: IncidentCriteria, params: SqlParams): { join: string; conditions: string[] } {
    const view = tenantView(criteria.scope === null ? null : params.add(criteria.scope));
    const conditions = view.condition ? [view.condition] : [];
    if (criteria.serviceIds)
      conditions.push(`i.service_id = ANY(${params.add(criteria.serviceIds)}::text[])`);
    if (criteria.active !== undefined) conditions.push(`i.is_resolved = ${params.add(!criteria.active)}`);
    if (criteria.classification) {
      conditions.push(`i.classification = ${params.add(criteria.classification)}`);
    }
    if (criteria.channel) {
      conditions.push(
        `EXISTS (SELECT 1 FROM incident_sightings s WHERE s.incident_id = i.id AND s.channel = ${params.add(criteria.channel)})`,
      );
    }
    // [startedAt (or first seen), endedAt (or now)] overlaps [from, to].
    if (criteria.from) conditions.push(`coalesce(i.ended_at, now()) >= ${params.add(criteria.from)}`);
    if (criteria.to) conditions.push(`coalesce(i.started_at, i.first_seen_at) <= ${params.add(criteria.to)}`);
    if (criteria.search) {
      // GIN index scans (incidents, updates, post-incident reviews) rather than an OR that would read every
      // incident; the matches as an array, so that PostgreSQL fetches them by key instead of scanning all.
      const query = `websearch_to_tsquery('english', ${params.add(criteria.search)})`;
      conditions.push(`i.id = ANY (ARRAY(SELECT m.id FROM incidents m WHERE m.search @@ ${query}
        UNION SELECT u.incident_id FROM incident_updates u WHERE u.search @@ ${query}
        UNION SELECT ref.incident_id FROM incident_references ref WHERE ref.reference = ANY (ARRAY(
          SELECT pir.issue_id FROM incident_reports pir WHERE pir.search @@ ${query}))))`);
    }
    return { join: view.join, conditions };
  }
}

function where(conditions: string[]): string {
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}
