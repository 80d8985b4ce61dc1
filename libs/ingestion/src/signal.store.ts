import { type RawSignal, STATE_SIGNAL_KINDS } from '#domain';
import { RawSignalEntity } from '#persistence';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';

/** A raw signal as stored: the row's id, for correlation to cite. */
export interface StoredSignal extends RawSignal {
  id: string;
  observedAt: Date;
}

type Identity = Pick<RawSignal, 'channel' | 'tenantId' | 'kind' | 'externalId'>;
const SEPARATOR = '\u001f';
const itemKey = (s: Identity) => [s.channel, s.tenantId ?? '', s.kind, s.externalId].join(SEPARATOR);

/**
 * Appends raw signals, skipping those already stored: a re-poll, a retry, a restart or a second process
 * never duplicates, because the unique indexes decide, not this process. A state (see
 * `STATE_SIGNAL_KINDS`) is stored when it differs from the item's latest state, under the next revision
 * when the same content was stored before.
 */
export async function storeSignals(
  manager: EntityManager,
  signals: RawSignal[],
  observedAt: Date,
): Promise<StoredSignal[]> {
  const revisions = await stateRevisions(
    manager,
    signals.filter((s) => STATE_SIGNAL_KINDS.has(s.kind)),
  );
  const rowKey = (s: Identity & { contentHash: string; revision: number }) =>
    [itemKey(s), s.contentHash, s.revision].join(SEPARATOR);
  // An answer may carry an item twice (on two pages): it is one signal.
  const rows = [
    ...new Map(
      signals.flatMap((signal) => {
        const revision = STATE_SIGNAL_KINDS.has(signal.kind) ? revisions.get(itemKey(signal)) : 0;
        if (revision === undefined) return [];
        const row = { ...signal, revision, observedAt };
        return [[rowKey(row), row] as const];
      }),
    ).values(),
  ];
  if (rows.length === 0) return [];
  const result = await manager
    .createQueryBuilder()
    .insert()
    .into(RawSignalEntity)
    // TypeORM's deep-partial type can't express a JSON payload of unknown shape.
    .values(rows as QueryDeepPartialEntity<RawSignalEntity>[])
    .orIgnore()
    .returning(['id', 'channel', 'tenantId', 'kind', 'externalId', 'contentHash', 'revision'])
    // TypeORM would merge the returned rows into `rows` by position, and skipped rows shift positions.
    .updateEntity(false)
    .execute();
  const stored = new Map<string, string>(
    (result.raw as Array<Record<string, string | number | null>>).map((row) => [
      rowKey({
        channel: row.channel as RawSignal['channel'],
        tenantId: (row.tenant_id as string | null) ?? null,
        kind: row.kind as RawSignal['kind'],
        externalId: row.external_id as string,
        contentHash: row.content_hash as string,
        revision: Number(row.revision),
      }),
      String(row.id),
    ]),
  );
  return rows.flatMap((row) => {
    const id = stored.get(rowKey(row));
    return id === undefined ? [] : [{ ...row, id, observedAt }];
  });
}

/**
 * For each state item: undefined when its content is the latest stored state (nothing new), else the
 * revision to store it under (0 the first time this content is seen, then one more each time it returns).
 */
async function stateRevisions(
  manager: EntityManager,
  states: RawSignal[],
): Promise<Map<string, number | undefined>> {
  const revisions = new Map<string, number | undefined>();
  if (states.length === 0) return revisions;
  const stored: Array<{ key: string; content_hash: string; revision: number; latest: boolean }> =
    await manager.query(
      `SELECT concat_ws(chr(31), channel, coalesce(tenant_id, ''), kind, external_id) AS key, content_hash, revision,
              row_number() OVER (
                PARTITION BY channel, tenant_id, kind, external_id ORDER BY observed_at DESC, id DESC
              ) = 1 AS latest
       FROM raw_signals
       WHERE kind = ANY($1) AND external_id = ANY($2) AND coalesce(tenant_id, '') = ANY($3)`,
      [
        [...new Set(states.map((s) => s.kind))],
        [...new Set(states.map((s) => s.externalId))],
        [...new Set(states.map((s) => s.tenantId ?? ''))],
      ],
    );
  for (const state of states) {
    const key = itemKey(state);
    const history = stored.filter((row) => row.key === key);
    if (history.some((row) => row.latest && row.content_hash === state.contentHash)) {
      revisions.set(key, undefined);
      continue;
    }
    const sameContent = history.filter((row) => row.content_hash === state.contentHash);
    revisions.set(
      key,
      sameContent.length === 0 ? 0 : Math.max(...sameContent.map((row) => row.revision)) + 1,
    );
  }
  return revisions;
}
