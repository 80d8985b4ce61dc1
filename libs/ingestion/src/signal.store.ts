import { type RawSignal, STATE_SIGNAL_KINDS } from '#domain';
import type { EntityManager } from 'typeorm';

type Identity = Pick<RawSignal, 'kind' | 'externalId'>;
const SEPARATOR = '\u001f';
const itemKey = (s: Identity) => [s.kind, s.externalId].join(SEPARATOR);

/**
 * Appends one source's raw signals to the log, skipping those already stored: a re-poll, a retry, a
 * restart or a second process never duplicates, because the unique indexes decide, not this process. A
 * state (see `STATE_SIGNAL_KINDS`) is stored when it differs from the item's latest state, under the next
 * revision when the same content was stored before. Payloads go to `raw_payloads` once each (a thousand
 * tenants listing one Graph issue share one). The whole batch is one statement with one parameter of rows,
 * so a first import of ten thousand items never meets PostgreSQL's limit of 65,535 parameters.
 *
 * Nothing derived is written here and no lock is taken: polls of different sources never wait on each
 * other. The signals are observed when this transaction began (`now()` to the millisecond, as JavaScript
 * dates carry it; the log's order: see `RawSignalEntity`); a replayed history (tests, benchmarks) gives its own `observedAt`. Returns how many
 * signals were new.
 */
export async function storeSignals(
  manager: EntityManager,
  signals: RawSignal[],
  observedAt?: Date,
): Promise<number> {
  if (signals.length === 0) return 0;
  const rows: Array<RawSignal & { revision: number }> = [];
  for (const [source, ofSource] of groupBySource(signals)) {
    const revisions = await stateRevisions(
      manager,
      source,
      ofSource.filter((s) => STATE_SIGNAL_KINDS.has(s.kind)),
    );
    // An answer may carry an item twice (on two pages): it is one signal.
    const unique = new Map<string, RawSignal & { revision: number }>();
    for (const signal of ofSource) {
      const revision = STATE_SIGNAL_KINDS.has(signal.kind) ? revisions.get(itemKey(signal)) : 0;
      if (revision === undefined) continue;
      unique.set([itemKey(signal), signal.contentHash, revision].join(SEPARATOR), { ...signal, revision });
    }
    rows.push(...unique.values());
  }
  if (rows.length === 0) return 0;
  const inserted: Array<{ id: string }> = await manager.query(
    `WITH input AS (
       SELECT *, encode(sha256(convert_to(payload::text, 'UTF8')), 'hex') AS payload_hash
       FROM jsonb_to_recordset($1::jsonb) AS item(
         channel text, tenant_id text, kind text, external_id text, content_hash text, revision integer,
         published_at timestamptz, payload jsonb, unreadable text)
     ), payloads AS (
       INSERT INTO raw_payloads (hash, payload)
       SELECT DISTINCT ON (payload_hash) payload_hash, payload FROM input
       ON CONFLICT (hash) DO NOTHING
     )
     INSERT INTO raw_signals (channel, tenant_id, kind, external_id, content_hash, revision, observed_at,
                              published_at, payload_hash, unreadable)
     SELECT channel::channel, tenant_id, kind, external_id, content_hash, revision,
            coalesce($2::timestamptz, date_trunc('milliseconds', now())), published_at, payload_hash, unreadable
     FROM input
     ON CONFLICT DO NOTHING
     RETURNING id`,
    [
      JSON.stringify(
        rows.map((row) => ({
          channel: row.channel,
          tenant_id: row.tenantId,
          kind: row.kind,
          external_id: row.externalId,
          content_hash: row.contentHash,
          revision: row.revision,
          published_at: row.publishedAt?.toISOString() ?? null,
          payload: row.payload,
          unreadable: row.unreadable ?? null,
        })),
      ),
      observedAt ?? null,
    ],
  );
  return inserted.length;
}

interface Source {
  channel: RawSignal['channel'];
  tenantId: string | null;
}

function groupBySource(signals: RawSignal[]): Map<Source, RawSignal[]> {
  const bySource = new Map<string, [Source, RawSignal[]]>();
  for (const signal of signals) {
    const key = `${signal.channel}${SEPARATOR}${signal.tenantId ?? ''}`;
    const entry = bySource.get(key) ?? [{ channel: signal.channel, tenantId: signal.tenantId }, []];
    entry[1].push(signal);
    bySource.set(key, entry);
  }
  return new Map([...bySource.values()]);
}

/**
 * For each state item of one source: undefined when its content is the item's latest stored state
 * (nothing new), else the revision to store it under (0 the first time this content is seen, then one more
 * each time it returns). Reads only that source's rows, through its unique index.
 */
async function stateRevisions(
  manager: EntityManager,
  source: Source,
  states: RawSignal[],
): Promise<Map<string, number | undefined>> {
  const revisions = new Map<string, number | undefined>();
  if (states.length === 0) return revisions;
  const stored: Array<{
    kind: string;
    external_id: string;
    content_hash: string;
    revision: number;
    latest: boolean;
  }> = await manager.query(
    `SELECT kind, external_id, content_hash, revision,
              row_number() OVER (PARTITION BY kind, external_id ORDER BY observed_at DESC, id DESC) = 1 AS latest
       FROM raw_signals
       WHERE channel = $1 AND ${source.tenantId === null ? 'tenant_id IS NULL' : 'tenant_id = $4'}
         AND kind = ANY($2) AND external_id = ANY($3)`,
    [
      source.channel,
      [...new Set(states.map((s) => s.kind))],
      [...new Set(states.map((s) => s.externalId))],
      ...(source.tenantId === null ? [] : [source.tenantId]),
    ],
  );
  const history = Map.groupBy(stored, (row) =>
    itemKey({ kind: row.kind as RawSignal['kind'], externalId: row.external_id }),
  );
  for (const state of states) {
    const key = itemKey(state);
    const rows = history.get(key) ?? [];
    if (rows.some((row) => row.latest && row.content_hash === state.contentHash)) {
      revisions.set(key, undefined);
      continue;
    }
    const sameContent = rows.filter((row) => row.content_hash === state.contentHash);
    revisions.set(
      key,
      sameContent.length === 0 ? 0 : Math.max(...sameContent.map((row) => row.revision)) + 1,
    );
  }
  return revisions;
}
