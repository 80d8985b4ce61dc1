import type { ApiKeyEntity, ApiKeyRole } from '../../entities/index.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** A stored key as the API shows it: everything but its digest. */
export type ApiKeyRecord = Omit<ApiKeyEntity, 'digest'>;

const COLUMNS = `id, name, prefix, role, tenant_ids AS "tenantIds", created_at AS "createdAt",
  revoked_at AS "revokedAt", last_used_at AS "lastUsedAt"`;

/** The `api_keys` table. Writes take the transaction's manager, so that each lands with its audit entry. */
@Injectable()
export class ApiKeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The key with this digest, unless it was revoked. */
  async findActive(digest: string): Promise<ApiKeyRecord | null> {
    const rows: ApiKeyRecord[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM api_keys WHERE digest = $1 AND revoked_at IS NULL`,
      [digest],
    );
    return rows[0] ?? null;
  }

  async anyActive(): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM api_keys WHERE revoked_at IS NULL LIMIT 1`,
    );
    return rows.length > 0;
  }

  list(includeRevoked: boolean, manager: EntityManager = this.dataSource.manager): Promise<ApiKeyRecord[]> {
    return manager.query(
      `SELECT ${COLUMNS} FROM api_keys ${includeRevoked ? '' : 'WHERE revoked_at IS NULL'}
       ORDER BY created_at, id`,
    );
  }

  async find(id: string, manager: EntityManager): Promise<ApiKeyRecord | null> {
    const rows: ApiKeyRecord[] = await manager.query(
      `SELECT ${COLUMNS} FROM api_keys WHERE id::text = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ?? null;
  }

  async insert(
    manager: EntityManager,
    key: { name: string; prefix: string; digest: string; role: ApiKeyRole; tenantIds: string[] | null },
  ): Promise<ApiKeyRecord> {
    const rows: ApiKeyRecord[] = await manager.query(
      `INSERT INTO api_keys (name, prefix, digest, role, tenant_ids) VALUES ($1, $2, $3, $4, $5)
       RETURNING ${COLUMNS}`,
      [key.name, key.prefix, key.digest, key.role, key.tenantIds],
    );
    return rows[0] as ApiKeyRecord;
  }

  async revoke(manager: EntityManager, id: string): Promise<ApiKeyRecord> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows]: [ApiKeyRecord[], number] = await manager.query(
      `UPDATE api_keys SET revoked_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0] as ApiKeyRecord;
  }

  /** At most one write a minute per key, whichever process serves it. */
  async touch(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE api_keys SET last_used_at = now()
       WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [id],
    );
  }
}
