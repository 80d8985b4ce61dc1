import { type RawSignal, STATE_SIGNAL_KINDS } from '#domain';
import type { EntityManager } from 'typeorm';

type Identity = Pick<RawSignal, 'kind' | 'externalId'>;
const SEPARATOR = '\u001f';
const itemKey = (s: Identity) => [s.kind, s.externalId].join(SEPARATOR);

/** A poll's signals ready to append: the new ones only, each with its revision and stored payload's hash. */
export interface PreparedSignals {
  readonly rows: ReadonlyArray<RawSignal & { revision: number; payloadHash: string }>;
}

/**
 * Appends one source's raw signals to the log, skipping those already stored: a re-poll, a retry, a
 * restart or a second process never duplicates, because the unique indexes decide, not this process. A
 * state (see `STATE_SIGNAL_KINDS`) is stored when it differs from the item's latest state, under the next
 * revision when the same content was stored before. Payloads go to `raw_payloads` once each (a thousand
 * tenants listing one Graph issue share one).
 *
 * Nothing derived is written here and no lock is taken: polls of different sources never wait on each
 * other. The signals are observed when this transaction began (`now()` to the millisecond, as JavaScript
 * dates carry it; the log's order: see `RawSignalEntity`); a replayed history (tests, benchmarks) gives its
 * own `observedAt`. Returns how many signals were new. A poll prepares its signals before its transaction
 * (`prepareSignals`, then `appendSignals`); this does both in the caller's transaction.
 */
export async function storeSignals(
  manager: EntityManager,
  signals: RawSignal[],
  observedAt?: Date,
): Promise<number> {
  return appendSignals(manager, await prepareSignals(manager, signals), observedAt);
}

/**
 * Picks the signals that are new (see `storeSignals`) and stores their payloads. Given a manager outside
 * any transaction, each payload is committed at once, before the poll's transaction: inserting a payload
 * waits for every transaction that inserted the same one and has not ended, so when payloads were written
 * in the polls' transactions, tenants listing the same issues waited for each other's whole poll (20 Graph
 * polls of a first import spent more time waiting on each other than working). A payload is keyed by its
 * content's hash and never deleted, so one stored by a poll that then fails is simply there for the next.
 * Runs under the source's lock: no other poll of this source stores between this and `appendSignals`.
 */
export async function prepareSignals(db: EntityManager, signals: RawSignal[]): Promise<PreparedSignals> {
  const fresh: Array<RawSignal & { revision: number }> = [];
  for (const [source, ofSource] of groupBySource(signals)) {
    const revisions = await stateRevisions(
      db,
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
    fresh.push(...unique.values());
  }
  const hashes = await storePayloads(
    db,
    fresh.map((signal) => signal.payload),
  );
  return { rows: fresh.map((signal, i) => ({ ...signal, payloadHash: hashes[i] as string })) };
}

/**
 * Appends prepared signals in one statement with one parameter of rows, so that a first import of ten
 * thousand items never meets PostgreSQL's limit of 65,535 parameters. Returns how many were new.
 */
export async function appendSignals(
  manager: EntityManager,
  { rows }: PreparedSignals,
  observedAt?: Date,
): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted: Array<{ id: string }> = await manager.query(
    `INSERT INTO raw_signals (channel, tenant_id, kind, external_id, content_hash, revision, observed_at,
                              published_at, payload_hash, unreadable)
     SELECT channel::channel, tenant_id, kind, external_id, content_hash, revision,
            coalesce($2::timestamptz, date_trunc('milliseconds', now())), published_at, payload_hash, unreadable
     FROM jsonb_to_recordset($1::jsonb) AS item(
       channel text, tenant_id text, kind text, external_id text, content_hash text, revision integer,
       published_at timestamptz, payload_hash text, unreadable text)
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
          payload_hash: row.payloadHash,
          unreadable: row.unreadable ?? null,
        })),
      ),
      observedAt ?? null,
    ],
  );
  return inserted.length;
}

/**
 * Stores payloads not stored yet, in one statement; returns each one's hash (sha256 of its `jsonb` text,
 * the key the log refers to it by), in order. Inserted in the hashes' order, so that two polls storing
 * some of the same payloads at once wait for each other at worst, never deadlock.
 */
async function storePayloads(db: EntityManager, payloads: unknown[]): Promise<string[]> {
  if (payloads.length === 0) return [];
  const rows: Array<{ hash: string }> = await db.query(
    `WITH input AS (
       SELECT position, payload, encode(sha256(convert_to(payload::text, 'UTF8')), 'hex') AS hash
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS item(payload, position)
     ), stored AS (
       INSERT INTO raw_payloads (hash, payload)
       SELECT DISTINCT ON (hash) hash, payload FROM input ORDER BY hash
       ON CONFLICT (hash) DO NOTHING
     )
     SELECT hash FROM input ORDER BY position`,
    [JSON.stringify(payloads)],
  );
  return rows.map((row) => row.hash);
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
