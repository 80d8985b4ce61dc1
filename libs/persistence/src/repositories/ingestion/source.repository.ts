import { type Channel, nextSourceState } from '#domain';
import type { SourceEntity } from '../../entities/source.entity.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface SourceKey {
  channel: Channel;
  tenantId: string | null;
}

/** Source keys as two parallel arrays, for `unnest`. */
function columns(keys: SourceKey[]): [string[], Array<string | null>] {
  return [keys.map((key) => key.channel), keys.map((key) => key.tenantId)];
}

const NOT_POLLED = 'not polled yet';

const SOURCE = `id, channel, tenant_id AS "tenantId", state, last_attempt_at AS "lastAttemptAt",
  last_success_at AS "lastSuccessAt", consecutive_failures AS "consecutiveFailures", last_error AS "lastError",
  next_attempt_at AS "nextAttemptAt", cursor`;

/**
 * The `sources` table: one row per channel (and tenant, for Graph), with its health and cursor. A poll's
 * success is written in its transaction (the caller's manager); registration and a failure are transactions
 * of their own, and reads go on the pool.
 */
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
        await manager.query(
          `INSERT INTO tenants (id, display_name) SELECT * FROM unnest($1::text[], $2::text[])
           ON CONFLICT (id) DO UPDATE SET display_name = EXCLUDED.display_name`,
          [tenants.map((tenant) => tenant.id), tenants.map((tenant) => tenant.displayName)],
        );
      }
      // Idempotent: processes starting together register the same sources.
      const insert = async (keys: SourceKey[], state: 'DEGRADED' | 'DISABLED') => {
        if (keys.length === 0) return;
        await manager.query(
          `INSERT INTO sources (channel, tenant_id, state, last_error)
           SELECT k.channel::channel, k.tenant_id, $3::source_state, $4
           FROM unnest($1::text[], $2::text[]) AS k(channel, tenant_id)
           ON CONFLICT DO NOTHING`,
          [...columns(keys), state, state === 'DISABLED' ? null : NOT_POLLED],
        );
      };
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
        await manager.query(`DELETE FROM sources WHERE channel = 'GRAPH' AND tenant_id IS NULL`);
    });
  }

  all(): Promise<SourceEntity[]> {
    return this.dataSource.query(`SELECT ${SOURCE} FROM sources`);
  }

  async find(key: SourceKey): Promise<SourceEntity | null> {
    // Two statements, not `IS NOT DISTINCT FROM`: each of the two unique indexes covers one of them.
    const [source]: SourceEntity[] =
      key.tenantId === null
        ? await this.dataSource.query(
            `SELECT ${SOURCE} FROM sources WHERE channel = $1 AND tenant_id IS NULL`,
            [key.channel],
          )
        : await this.dataSource.query(`SELECT ${SOURCE} FROM sources WHERE channel = $1 AND tenant_id = $2`, [
            key.channel,
            key.tenantId,
          ]);
    return source ?? null;
  }

  async get(key: SourceKey): Promise<SourceEntity> {
    const source = await this.find(key);
    if (!source) throw new Error(`source ${key.channel}/${key.tenantId ?? '-'} is not registered`);
    return source;
  }

  async recordSuccess(
    manager: EntityManager,
    source: Pick<SourceEntity, 'id'>,
    update: { at: Date; cursor: Record<string, unknown> | null; partial?: string; nextAttemptAt: Date },
  ): Promise<void> {
    await manager.query(
      `UPDATE sources SET state = $2, last_attempt_at = $3, last_success_at = $3, consecutive_failures = 0,
         last_error = $4, next_attempt_at = $5, cursor = $6
       WHERE id = $1`,
      [
        source.id,
        nextSourceState(0, { ok: true, partial: update.partial !== undefined }),
        update.at,
        update.partial ?? null,
        update.nextAttemptAt,
        update.cursor === null ? null : JSON.stringify(update.cursor),
      ],
    );
  }

  /**
   * Counts the failure in the database, so that every process sees the same streak. The row is locked until
   * the caller's transaction ends, so that concurrent failures count one after the other.
   */
  async recordFailure(
    manager: EntityManager,
    source: Pick<SourceEntity, 'id'>,
    failure: { at: Date; error: string; nextAttemptAt: (consecutiveFailures: number) => Date },
  ): Promise<SourceEntity> {
    const [current]: SourceEntity[] = await manager.query(
      `SELECT ${SOURCE} FROM sources WHERE id = $1 FOR UPDATE`,
      [source.id],
    );
    if (!current) throw new Error(`source ${source.id} is not registered`);
    const consecutiveFailures = current.consecutiveFailures + 1;
    const changes = {
      state: nextSourceState(consecutiveFailures, { ok: false }),
      lastAttemptAt: failure.at,
      consecutiveFailures,
      lastError: failure.error,
      nextAttemptAt: failure.nextAttemptAt(consecutiveFailures),
    };
    await manager.query(
      `UPDATE sources SET state = $2, last_attempt_at = $3, consecutive_failures = $4, last_error = $5,
         next_attempt_at = $6
       WHERE id = $1`,
      [
        source.id,
        changes.state,
        changes.lastAttemptAt,
        changes.consecutiveFailures,
        changes.lastError,
        changes.nextAttemptAt,
      ],
    );
    return { ...current, ...changes };
  }
}
