import type { Channel } from '#domain';
import { SourceEntity, TenantEntity } from '#persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, IsNull } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { nextSourceState } from './source-health.js';

export interface SourceKey {
  channel: Channel;
  tenantId: string | null;
}

/** The `sources` table: one row per channel (and tenant, for Graph), with its health and cursor. */
@Injectable()
export class SourceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records the tenants and sources of this configuration; channels not configured become DISABLED. */
  async register(
    tenants: Array<{ id: string; displayName: string }>,
    configured: SourceKey[],
    disabled: SourceKey[],
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (tenants.length > 0) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(TenantEntity)
          .values(tenants)
          .orUpdate(['display_name'], ['id'])
          .execute();
      }
      for (const key of configured) {
        const existing = await this.find(key, manager);
        if (!existing) {
          await manager.insert(SourceEntity, { ...key, state: 'DEGRADED', lastError: 'not polled yet' });
        } else if (existing.state === 'DISABLED') {
          await manager.update(SourceEntity, existing.id, { state: 'DEGRADED', lastError: 'not polled yet' });
        }
      }
      for (const key of disabled) {
        const existing = await this.find(key, manager);
        if (!existing) await manager.insert(SourceEntity, { ...key, state: 'DISABLED' });
        else await manager.update(SourceEntity, existing.id, { state: 'DISABLED', nextAttemptAt: null });
      }
    });
  }

  find(key: SourceKey, manager: EntityManager = this.dataSource.manager): Promise<SourceEntity | null> {
    return manager.findOneBy(SourceEntity, { channel: key.channel, tenantId: key.tenantId ?? IsNull() });
  }

  async get(key: SourceKey): Promise<SourceEntity> {
    const source = await this.find(key);
    if (!source) throw new Error(`source ${key.channel}/${key.tenantId ?? '-'} is not registered`);
    return source;
  }

  async recordSuccess(
    manager: EntityManager,
    source: SourceEntity,
    update: { at: Date; cursor: Record<string, unknown> | null; partial?: string; nextAttemptAt: Date },
  ): Promise<void> {
    await manager.update(SourceEntity, source.id, {
      state: nextSourceState(0, { ok: true, partial: update.partial !== undefined }),
      lastAttemptAt: update.at,
      lastSuccessAt: update.at,
      consecutiveFailures: 0,
      lastError: update.partial ?? null,
      nextAttemptAt: update.nextAttemptAt,
      cursor: update.cursor as QueryDeepPartialEntity<SourceEntity['cursor']>,
    });
  }

  /** Counts the failure in the database, so that every process sees the same streak. */
  async recordFailure(
    source: SourceEntity,
    failure: { at: Date; error: string; nextAttemptAt: (consecutiveFailures: number) => Date },
  ): Promise<SourceEntity> {
    return this.dataSource.transaction(async (manager) => {
      const current = await manager.findOneOrFail(SourceEntity, {
        where: { id: source.id },
        lock: { mode: 'pessimistic_write' },
      });
      const consecutiveFailures = current.consecutiveFailures + 1;
      const changes = {
        state: nextSourceState(consecutiveFailures, { ok: false }),
        lastAttemptAt: failure.at,
        consecutiveFailures,
        lastError: failure.error,
        nextAttemptAt: failure.nextAttemptAt(consecutiveFailures),
      };
      await manager.update(SourceEntity, source.id, changes);
      return { ...current, ...changes };
    });
  }
}
