import type { RawSignal } from '#domain';
import { RawSignalEntity } from '#persistence';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';

/** A raw signal as stored: the row's id, for correlation to cite. */
export interface StoredSignal extends RawSignal {
  id: string;
  observedAt: Date;
}

/**
 * Appends raw signals, skipping those already stored: a re-poll, a retry, a restart or a second process
 * never duplicates, because the unique indexes decide, not this process.
 */
export async function storeSignals(
  manager: EntityManager,
  signals: RawSignal[],
  observedAt: Date,
): Promise<StoredSignal[]> {
  if (signals.length === 0) return [];
  const result = await manager
    .createQueryBuilder()
    .insert()
    .into(RawSignalEntity)
    // TypeORM's deep-partial type can't express a JSON payload of unknown shape.
    .values(signals.map((signal) => ({ ...signal, observedAt })) as QueryDeepPartialEntity<RawSignalEntity>[])
    .orIgnore()
    .returning(['id', 'channel', 'tenantId', 'kind', 'externalId', 'contentHash'])
    .execute();
  const key = (s: Pick<RawSignal, 'channel' | 'tenantId' | 'kind' | 'externalId' | 'contentHash'>) =>
    [s.channel, s.tenantId, s.kind, s.externalId, s.contentHash].join('\u0000');
  const stored = new Map<string, string>(
    (result.raw as Array<Record<string, string>>).map((row) => [
      key({
        channel: row.channel as RawSignal['channel'],
        tenantId: row.tenant_id ?? null,
        kind: row.kind as RawSignal['kind'],
        externalId: row.external_id as string,
        contentHash: row.content_hash as string,
      }),
      row.id as string,
    ]),
  );
  return signals.flatMap((signal) => {
    const id = stored.get(key(signal));
    return id === undefined ? [] : [{ ...signal, id, observedAt }];
  });
}
