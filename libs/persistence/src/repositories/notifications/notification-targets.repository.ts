import type { NotificationRuleEntity, NotificationTargetEntity } from '../../entities/index.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface DeliveryCounts {
  pending: number;
  dead: number;
}

/** A target as an admin writes it (its times are the database's). */
export type NotificationTargetWrite = Pick<
  NotificationTargetEntity,
  'id' | 'name' | 'kind' | 'config' | 'secrets' | 'enabled'
>;

/** A rule as an admin writes it (its id and time are the database's). */
export type NotificationRuleWrite = Omit<NotificationRuleEntity, 'id' | 'createdAt' | 'target'>;

// A target's columns but its secrets, which are read only to be merged with an update.
const TARGET = `id, name, kind, config, enabled, created_at AS "createdAt", updated_at AS "updatedAt"`;
const RULE = `id, target_id AS "targetId", service_ids AS "serviceIds", classifications::text[] AS classifications,
  levels::text[] AS levels, tenant_ids AS "tenantIds", events::text[] AS events,
  source_down_minutes AS "sourceDownMinutes", quiet_from AS "quietFrom", quiet_until AS "quietUntil",
  quiet_time_zone AS "quietTimeZone", advisory_digest_minutes AS "advisoryDigestMinutes",
  advisory_digest_at AS "advisoryDigestAt", hold_seconds AS "holdSeconds", enabled, created_at AS "createdAt"`;

// A rule's settings in column order, from $2 on ($1 is its target on insert, its id on update).
const RULE_SETTINGS = `service_ids, classifications, levels, tenant_ids, events, source_down_minutes, quiet_from,
  quiet_until, quiet_time_zone, advisory_digest_minutes, advisory_digest_at, hold_seconds, enabled`;
const RULE_SETTING_VALUES = `$2::text[], $3::incident_classification[], $4::health_level[], $5::text[],
  $6::notification_event[], $7, $8::time, $9::time, $10, $11, $12::time, $13, $14`;

/**
 * Targets and rules as stored; a target's secrets only when asked for (to merge an update). Reads for the
 * API go on the pool; writes take the transaction's manager, so that each lands with its audit entry.
 */
@Injectable()
export class NotificationTargetsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  targets(manager: EntityManager = this.dataSource.manager): Promise<NotificationTargetEntity[]> {
    return manager.query(`SELECT ${TARGET} FROM notification_targets ORDER BY created_at, id`);
  }

  async target(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<NotificationTargetEntity | null> {
    const [target] = await manager.query(`SELECT ${TARGET} FROM notification_targets WHERE id = $1`, [id]);
    return target ?? null;
  }

  /** With its secrets, locked for the update that reads it. */
  async targetForUpdate(manager: EntityManager, id: string): Promise<NotificationTargetEntity | null> {
    const [target] = await manager.query(
      `SELECT ${TARGET}, secrets FROM notification_targets WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return target ?? null;
  }

  /** Which secrets each target has set: their names only (the values never leave the database). */
  async secretNames(ids: string[]): Promise<Map<string, string[]>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ id: string; names: string[] }> = await this.dataSource.query(
      `SELECT id, ARRAY(SELECT jsonb_object_keys(secrets) ORDER BY 1) AS names
       FROM notification_targets WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.names]));
  }

  rules(
    targetIds: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<NotificationRuleEntity[]> {
    if (targetIds.length === 0) return Promise.resolve([]);
    return manager.query(
      `SELECT ${RULE} FROM notification_rules WHERE target_id = ANY($1::uuid[]) ORDER BY created_at, id`,
      [targetIds],
    );
  }

  async deliveryCounts(targetIds: string[]): Promise<Map<string, DeliveryCounts>> {
    if (targetIds.length === 0) return new Map();
    const rows: Array<{ target_id: string; pending: number; dead: number }> = await this.dataSource.query(
      `SELECT target_id, count(*) FILTER (WHERE state = 'pending')::int AS pending,
              count(*) FILTER (WHERE state = 'dead')::int AS dead
       FROM notification_deliveries WHERE target_id = ANY($1::uuid[]) GROUP BY target_id`,
      [targetIds],
    );
    return new Map(rows.map((row) => [row.target_id, { pending: row.pending, dead: row.dead }]));
  }

  async insertTarget(manager: EntityManager, target: NotificationTargetWrite): Promise<void> {
    await manager.query(
      `INSERT INTO notification_targets (id, name, kind, config, secrets, enabled) VALUES ($1, $2, $3, $4, $5, $6)`,
      [target.id, target.name, target.kind, target.config, target.secrets, target.enabled],
    );
  }

  /** A target read with `targetForUpdate`, changed (its kind never changes). */
  async updateTarget(manager: EntityManager, target: Omit<NotificationTargetWrite, 'kind'>): Promise<void> {
    await manager.query(
      `UPDATE notification_targets SET name = $2, config = $3, secrets = $4, enabled = $5, updated_at = now()
       WHERE id = $1`,
      [target.id, target.name, target.config, target.secrets, target.enabled],
    );
  }

  /** Its rules and deliveries go with it (foreign keys); false when there was no such target. */
  async deleteTarget(manager: EntityManager, id: string): Promise<boolean> {
    // TypeORM answers a DELETE with [rows, affected].
    const [, deleted]: [unknown, number] = await manager.query(
      'DELETE FROM notification_targets WHERE id = $1',
      [id],
    );
    return deleted !== 0;
  }

  async ruleForUpdate(manager: EntityManager, id: string): Promise<NotificationRuleEntity | null> {
    const [rule] = await manager.query(`SELECT ${RULE} FROM notification_rules WHERE id = $1 FOR UPDATE`, [
      id,
    ]);
    return rule ?? null;
  }

  /** The rule as stored, with the id and time the database gave it. */
  async insertRule(manager: EntityManager, rule: NotificationRuleWrite): Promise<NotificationRuleEntity> {
    const [stored]: Array<{ id: string; createdAt: Date }> = await manager.query(
      `INSERT INTO notification_rules (target_id, ${RULE_SETTINGS})
       VALUES ($1, ${RULE_SETTING_VALUES}) RETURNING id, created_at AS "createdAt"`,
      [rule.targetId, ...ruleSettings(rule)],
    );
    return { ...rule, id: stored!.id, createdAt: stored!.createdAt };
  }

  async updateRule(
    manager: EntityManager,
    id: string,
    rule: Omit<NotificationRuleWrite, 'targetId'>,
  ): Promise<void> {
    await manager.query(
      `UPDATE notification_rules SET (${RULE_SETTINGS}) = ROW(${RULE_SETTING_VALUES}) WHERE id = $1`,
      [id, ...ruleSettings(rule)],
    );
  }

  async deleteRule(manager: EntityManager, id: string): Promise<void> {
    await manager.query('DELETE FROM notification_rules WHERE id = $1', [id]);
  }
}

function ruleSettings(rule: Omit<NotificationRuleWrite, 'targetId'>): unknown[] {
  return [
    rule.serviceIds,
    rule.classifications,
    rule.levels,
    rule.tenantIds,
    rule.events,
    rule.sourceDownMinutes,
    rule.quietFrom,
    rule.quietUntil,
    rule.quietTimeZone,
    rule.advisoryDigestMinutes,
    rule.advisoryDigestAt,
    rule.holdSeconds,
    rule.enabled,
  ];
}
