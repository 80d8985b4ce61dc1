import { NotificationRuleEntity, NotificationTargetEntity } from '../../entities/index.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';

export interface DeliveryCounts {
  pending: number;
  dead: number;
}

/**
 * Targets and rules as stored; a target's secrets only when asked for (to merge an update). Writes take the
 * transaction's manager, so that each lands with its audit entry.
 */
@Injectable()
export class NotificationTargetsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  targets(manager: EntityManager = this.dataSource.manager): Promise<NotificationTargetEntity[]> {
    return manager.find(NotificationTargetEntity, { order: { createdAt: 'ASC', id: 'ASC' } });
  }

  target(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<NotificationTargetEntity | null> {
    return manager.findOneBy(NotificationTargetEntity, { id });
  }

  /** With its secrets, locked for the update that reads it. */
  targetForUpdate(manager: EntityManager, id: string): Promise<NotificationTargetEntity | null> {
    return manager
      .createQueryBuilder(NotificationTargetEntity, 't')
      .addSelect('t.secrets')
      .where('t.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
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
    return manager
      .createQueryBuilder(NotificationRuleEntity, 'r')
      .where('r.targetId = ANY(:ids)', { ids: targetIds })
      .orderBy('r.createdAt', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .getMany();
  }

  rule(id: string, manager: EntityManager = this.dataSource.manager): Promise<NotificationRuleEntity | null> {
    return manager.findOneBy(NotificationRuleEntity, { id });
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

  /** A new target, or a changed one read with `targetForUpdate`. */
  saveTarget(
    manager: EntityManager,
    target: Partial<NotificationTargetEntity>,
  ): Promise<NotificationTargetEntity> {
    return manager.save(manager.create(NotificationTargetEntity, target));
  }

  /** Its rules and deliveries go with it (foreign keys); false when there was no such target. */
  async deleteTarget(manager: EntityManager, id: string): Promise<boolean> {
    const { affected } = await manager.delete(NotificationTargetEntity, { id });
    return affected !== 0;
  }

  ruleForUpdate(manager: EntityManager, id: string): Promise<NotificationRuleEntity | null> {
    return manager.findOne(NotificationRuleEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  insertRule(manager: EntityManager, rule: Partial<NotificationRuleEntity>): Promise<NotificationRuleEntity> {
    return manager.save(manager.create(NotificationRuleEntity, rule));
  }

  async updateRule(
    manager: EntityManager,
    id: string,
    rule: QueryDeepPartialEntity<NotificationRuleEntity>,
  ): Promise<void> {
    await manager.update(NotificationRuleEntity, { id }, rule);
  }

  async deleteRule(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(NotificationRuleEntity, { id });
  }
}
