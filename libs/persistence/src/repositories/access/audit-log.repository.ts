import type { AuditLogEntity } from '../../entities/index.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export type AuditRecord = AuditLogEntity;

/** The `audit_log` table: appended to in the transaction of the action it records, read newest first. */
@Injectable()
export class AuditLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async append(
    manager: EntityManager,
    entry: { actor: string; action: string; target: string | null; details: Record<string, unknown> },
  ): Promise<void> {
    await manager.query(`INSERT INTO audit_log (actor, action, target, details) VALUES ($1, $2, $3, $4)`, [
      entry.actor,
      entry.action,
      entry.target,
      JSON.stringify(entry.details),
    ]);
  }

  /** Newest first; `before` is the id of the last entry of the previous page. */
  list(limit: number, before: string | null): Promise<AuditRecord[]> {
    return this.dataSource.query(
      `SELECT id::text AS id, at, actor, action, target, details FROM audit_log
       WHERE $1::bigint IS NULL OR id < $1::bigint ORDER BY id DESC LIMIT $2`,
      [before, limit],
    );
  }
}
