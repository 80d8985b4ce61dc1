import type { HealthLevel, IncidentClassification } from '#domain';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** An incident as a notification tells it, with its newest update. */
export interface IncidentSubjectRow {
  id: string;
  reference: string;
  title: string;
  service_id: string | null;
  service_name: string | null;
  classification: IncidentClassification;
  status: string;
  level: HealthLevel;
  is_resolved: boolean;
  provisional: boolean;
  started_at: Date | null;
  ended_at: Date | null;
  tenant_ids: string[];
  update: { id: string; channel: string; posted_at: string; text: string } | null;
}

/** A tenant's service status now, and the one before it (`before`: null for a service's first). */
export interface StatusSubjectRow {
  tenant_id: string;
  service_id: string;
  name: string;
  level: HealthLevel;
  status: string;
  channel: string;
  changed_at: Date;
  before: { level: HealthLevel; status: string } | null;
}

/** A configured source, and for a DOWN one the instant it went down. */
export interface SourceSubjectRow {
  id: number;
  channel: string;
  tenant_id: string | null;
  state: string;
  last_success_at: Date | null;
  last_error: string | null;
  down_since: Date | null;
}

/**
 * What notifications tell of (incidents, service statuses, sources), read in the transaction that owes the
 * deliveries. No constructor: the outbox's functions make their own.
 */
@Injectable()
export class NotificationSubjectsRepository {
  incidents(manager: EntityManager, ids: string[]): Promise<IncidentSubjectRow[]> {
    return manager.query(
      `SELECT i.id, i.reference, i.title, i.service_id, coalesce(i.service_name, s.name) AS service_name,
              i.classification, i.status, i.level, i.is_resolved, i.provisional, i.started_at, i.ended_at,
              ARRAY(SELECT tenant_id FROM incident_tenants t WHERE t.incident_id = i.id ORDER BY tenant_id) AS tenant_ids,
              (SELECT to_jsonb(u) FROM (
                 SELECT id, channel, posted_at, text FROM incident_updates
                 WHERE incident_id = i.id ORDER BY posted_at DESC, channel, external_id DESC LIMIT 1) u) AS update
       FROM incidents i LEFT JOIN services s ON s.id = i.service_id
       WHERE i.id = ANY($1::uuid[])
       ORDER BY i.first_seen_at, i.id`,
      [ids],
    );
  }

  statuses(
    manager: EntityManager,
    changes: Array<{ tenantId: string; serviceId: string }>,
  ): Promise<StatusSubjectRow[]> {
    return manager.query(
      `SELECT s.tenant_id, s.service_id, sv.name, s.level, s.status, s.channel, s.changed_at,
              (SELECT jsonb_build_object('level', c.level, 'status', c.status) FROM service_status_changes c
               WHERE c.tenant_id = s.tenant_id AND c.service_id = s.service_id
               ORDER BY c.changed_at DESC, c.id DESC OFFSET 1 LIMIT 1) AS before
       FROM service_statuses s JOIN services sv ON sv.id = s.service_id
       JOIN unnest($1::text[], $2::text[]) AS c(tenant_id, service_id)
         ON c.tenant_id = s.tenant_id AND c.service_id = s.service_id
       ORDER BY s.tenant_id, s.service_id`,
      [changes.map((c) => c.tenantId), changes.map((c) => c.serviceId)],
    );
  }

  serviceNames(manager: EntityManager, ids: string[]): Promise<Array<{ id: string; name: string }>> {
    return manager.query('SELECT id, name FROM services WHERE id = ANY($1)', [ids]);
  }

  /**
   * Every configured source, and for a DOWN one the instant it went down: the start of the third failed
   * attempt since its last success (semantics.md: DOWN after three failures). Should retention have pruned
   * those runs, its last success stands in (earlier, but fixed for the episode, which is what names it).
   */
  sources(manager: EntityManager): Promise<SourceSubjectRow[]> {
    return manager.query(
      `SELECT s.id, s.channel::text AS channel, s.tenant_id, s.state::text AS state, s.last_success_at, s.last_error,
              CASE WHEN s.state = 'DOWN' THEN coalesce(
                (SELECT r.started_at FROM poll_runs r
                 WHERE r.source_id = s.id AND r.started_at > coalesce(s.last_success_at, '-infinity')
                   AND r.error_kind IS NOT NULL AND r.error_kind NOT IN ('partial', 'aborted')
                 ORDER BY r.started_at, r.id OFFSET 2 LIMIT 1),
                s.last_success_at) END AS down_since
       FROM sources s
       WHERE s.state <> 'DISABLED'
       ORDER BY s.id`,
    );
  }
}
