import type { HealthLevel, IncidentClassification } from '#domain';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { NotificationEvent } from '../../entities/index.js';

/** An enabled rule of an enabled target, as the outbox matches changes against it. */
export interface ActiveNotificationRule {
  id: string;
  targetId: string;
  serviceIds: string[] | null;
  classifications: IncidentClassification[] | null;
  levels: HealthLevel[] | null;
  tenantIds: string[] | null;
  events: NotificationEvent[];
  /** The advisory digest's schedule; minutes null: advisories go one by one. */
  digestMinutes: number | null;
  digestAt: string | null;
  timeZone: string;
}

/** An enabled rule that asks for an outage event (degraded mode, a source down). */
export interface OutageNotificationRule {
  id: string;
  targetId: string;
  tenantIds: string[] | null;
  events: NotificationEvent[];
  sourceDownMinutes: number;
}

/**
 * `notification_rules` as the outbox reads them, in the transaction that owes deliveries (the admin's
 * writes are NotificationTargetsRepository's). No constructor: the outbox's functions make their own.
 */
@Injectable()
export class NotificationRulesRepository {
  active(manager: EntityManager): Promise<ActiveNotificationRule[]> {
    return manager.query(
      `SELECT r.id, r.target_id AS "targetId", r.service_ids AS "serviceIds", r.classifications::text[] AS classifications,
              r.levels::text[] AS levels, r.tenant_ids AS "tenantIds", r.events::text[] AS events,
              r.advisory_digest_minutes AS "digestMinutes", r.advisory_digest_at::text AS "digestAt",
              r.quiet_time_zone AS "timeZone"
       FROM notification_rules r JOIN notification_targets t ON t.id = r.target_id
       WHERE r.enabled AND t.enabled
       ORDER BY r.created_at, r.id`,
    );
  }

  outage(manager: EntityManager): Promise<OutageNotificationRule[]> {
    return manager.query(
      `SELECT r.id, r.target_id AS "targetId", r.tenant_ids AS "tenantIds", r.events::text[] AS events,
              r.source_down_minutes AS "sourceDownMinutes"
       FROM notification_rules r JOIN notification_targets t ON t.id = r.target_id
       WHERE r.enabled AND t.enabled
         AND r.events && ARRAY['degraded_entered', 'degraded_left', 'source_down']::notification_event[]
       ORDER BY r.created_at, r.id`,
    );
  }
}
