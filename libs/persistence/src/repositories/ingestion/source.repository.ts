import { type Channel, nextSourceState } from '#domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, IsNull } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { SourceEntity } from '../../entities/source.entity.js';
import { TenantEntity } from '../../entities/tenant.entity.js';

export interface SourceKey {
  channel: Channel;
  tenantId: string | null;
}

/** Source keys as two parallel arrays, for `unnest`. */
function columns(keys: SourceKey[]): [string[], Array<string | null>] {
  return [keys.map((key) => key.channel), keys.map((key) => key.tenantId)];
}

/** The `sources` table: one row per channel (and tenant, for Graph), with its health and cursor. */
const NOT_POLLED = 'not polled yet';

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
      // Idempotent: processes starting together register the same sources.
      const insert = (keys: SourceKey[], state: 'DEGRADED' | 'DISABLED') =>
        keys.length === 0
          ? undefined
          : manager
              .createQueryBuilder()
              .insert()
              .into(SourceEntity)
              .values(
                keys.map((key) => ({ ...key, state, lastError: state === 'DISABLED' ? null : NOT_POLLED })),
              )
              .orIgnore()
              .execute();
      await insert(configured, 'DEGRADED');
      await insert(disabled, 'DISABLED');
      // One statement each, whatever the number of sources (a thousand tenants were a thousand UPDATEs).
      await manager.query(
        `UPDATE sources s SET state = 'DEGRADED', last_error = $3
         FROM unnest($1::text[], $2::text[]) AS k(channel, tenant_id)
         WHERE s.state = 'DISABLED' AND s.channel::text = k.channel
           AND s.tenant_id IS NOT DISTINCT FROM k.tenant_id`,
        [...columns(configured), NOT_POLLED],
      );
      await manager.query(
        `UPDATE sources s SET state = 'DISABLED', next_attempt_at = NULL
         FROM unnest($1::text[], $2::text[]) AS k(channel, tenant_id)
         WHERE s.channel::text = k.channel AND s.tenant_id IS NOT DISTINCT FROM k.tenant_id`,
        columns(disabled),
      );
      // Graph's sources are per tenant: a tenant no longer configured is DISABLED, and the stand-in row of
      // "Graph not configured" goes once there are tenants.
      const graphTenants = configured.filter((key) => key.channel === 'GRAPH').map((key) => key.tenantId);
      await manager.query(
        `UPDATE sources SET state = 'DISABLED', next_attempt_at = NULL
         WHERE channel = 'GRAPH' AND tenant_id IS NOT NULL AND NOT (tenant_id = ANY($1))`,
        [graphTenants],
      );
      if (graphTenants.length > 0)
        await manager.delete(SourceEntity, { channel: 'GRAPH', tenantId: IsNull() });
    });
  }

  all(): Promise<SourceEntity[]> {
    return this.dataSource.manager.find(SourceEntity);
  }

  find(key: SourceKey, manager: EntityManager = this.dataSource.manager): Promise<SourceEntity | null> {
    return manager.findOneBy(SourceEntity, this.where(key));
  }

  private where(key: SourceKey) {
    return { channel: key.channel, tenantId: key.tenantId ?? IsNull() };
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
