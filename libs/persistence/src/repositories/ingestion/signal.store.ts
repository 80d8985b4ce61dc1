import { type RawSignal, STATE_SIGNAL_KINDS } from '#domain';
import type { EntityManager } from 'typeorm';
import { sharedTransactionLock } from '../advisory-locks.js';
import { unnestColumns } from '../unnest-columns.js';

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
 * other. The signals are observed when the statement appending them began (to the millisecond, as
 * JavaScript dates carry it; the log's order: see `RawSignalEntity`); a replayed history (tests, benchmarks)
 * gives its own `observedAt`. Returns how many signals were new. A poll prepares its signals before its transaction
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
 * polls of a first import spent more time waiting on each other than working). A payload is keyed by the
 * hash of its content and never deleted, so one stored by a poll that then fails is there for the next.
 * Runs under the source's lock: no other poll of this source stores between this and `appendSignals`.
 */
export async function prepareSignals(db: EntityManager, signals: RawSignal[]): Promise<PreparedSignals> {
  const rows: Array<RawSignal & { revision: number; payloadHash: string }> = [];
  for (const [source, ofSource] of groupBySource(signals)) {
    const revisions = await revisionsToStore(db, source, ofSource);
    // An answer may carry an item twice (on two pages): it is one signal.
    const unique = new Map<string, RawSignal & { revision: number; payloadHash: string }>();
    for (const signal of ofSource) {
      const revision = revisions.get(signal);
      if (revision === undefined) continue;
      const payloadHash = signal.payloadHash;
      unique.set([itemKey(signal), signal.contentHash, revision].join(SEPARATOR), {
        ...signal,
        revision,
        payloadHash,
      });
    }
    rows.push(...unique.values());
  }
  await storePayloads(db, rows);
  return { rows };
}

/** NOTIFYed when new signals commit: the correlator folds them at once rather than at its next round. */
export const SIGNALS_CHANNEL = 'beacon_signals';

/**
 * Held (shared) by every transaction that appends signals, from before it observes them to its end: the
 * log's horizon waits for these transactions and no others (`SignalLogRepository.horizon`).
 */
export const SIGNAL_WRITERS_LOCK = [0x4243_4e34, 2] as const;

/**
 * Appends prepared signals in one statement with one parameter per column (`unnestColumns`), so that a
 * first import of ten thousand items never meets PostgreSQL's limit of 65,535 parameters, and says so on
 * SIGNALS_CHANNEL when the transaction commits. Returns how many were new.
 *
 * Only in a transaction: it first takes SIGNAL_WRITERS_LOCK (shared, until the transaction ends), then
 * appends the signals observed when that statement began (`statement_timestamp()`), which is what makes the
 * log's horizon safe (`SignalLogRepository.horizon`).
 */
export async function appendSignals(
  manager: EntityManager,
  { rows }: PreparedSignals,
  observedAt?: Date,
): Promise<number> {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('appendSignals runs in the poll’s transaction, begun before it');
  }
  if (rows.length === 0) return 0;
  await sharedTransactionLock(manager, SIGNAL_WRITERS_LOCK);
  const inserted: Array<{ id: string }> = await manager.query(
    `INSERT INTO raw_signals (channel, tenant_id, kind, external_id, content_hash, revision, observed_at,
                              published_at, payload_hash, unreadable)
     SELECT channel::channel, tenant_id, kind, external_id, content_hash, revision,
            coalesce($1::timestamptz, date_trunc('milliseconds', statement_timestamp())), published_at, payload_hash, unreadable
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::timestamptz[],
                 $9::text[], $10::text[])
       AS item(channel, tenant_id, kind, external_id, content_hash, revision, published_at, payload_hash, unreadable)
     ON CONFLICT DO NOTHING
     RETURNING id`,
    [
      observedAt?.toISOString() ?? null,
      ...unnestColumns(rows, [
        (row) => row.channel,
        (row) => row.tenantId,
        (row) => row.kind,
        (row) => row.externalId,
        (row) => row.contentHash,
        (row) => row.revision,
        (row) => row.publishedAt?.toISOString() ?? null,
        (row) => row.payloadHash,
        (row) => row.unreadable ?? null,
      ]),
    ],
  );
  if (inserted.length > 0) await manager.query("SELECT pg_notify($1, '')", [SIGNALS_CHANNEL]);
  return inserted.length;
}

/**
 * Stores the payloads not stored yet under their hashes, in the hashes' order, so that two polls storing
 * some of the same payloads at once wait for each other at worst, never deadlock. Those already stored
 * (another tenant's copy of an issue, stored by its poll) are not sent again: a first import of many
 * tenants sent each issue once per tenant, for the database to parse and drop. The key is the connector's
 * `payloadHash` (sha256 of the canonical JSON), so that this needs no round trip with the payloads; it was
 * the sha256 of the `jsonb` text, computed by PostgreSQL. A payload stored under such an older key is
 * stored once more under its new one by the next new signal that carries it (only new signals' payloads
 * are stored): one more row, and no signal stored twice, since signals are known by their content hash.
 * Outside a transaction, a payload another poll of this process is storing is left to it (`beingStored`).
 */
async function storePayloads(
  db: EntityManager,
  signals: ReadonlyArray<{ payloadHash: string; payload: Record<string, unknown> }>,
): Promise<void> {
  const byHash = new Map(signals.map((signal) => [signal.payloadHash, signal.payload]));
  if (byHash.size === 0) return;
  // In a transaction, an insert is not another's to rely on before it commits: the database decides.
  if (db.queryRunner?.isTransactionActive) return insertPayloads(db, [...byHash]);
  const storing = payloadsBeingStored(db);
  const theirs = new Map<string, Promise<void>>();
  const mine: Array<[string, Record<string, unknown>]> = [];
  for (const [hash, payload] of byHash) {
    const stored = storing.get(hash);
    if (stored) theirs.set(hash, stored);
    else mine.push([hash, payload]);
  }
  if (mine.length > 0) {
    const stored = insertPayloads(db, mine);
    for (const [hash] of mine) storing.set(hash, stored);
    try {
      await stored;
    } finally {
      for (const [hash] of mine) if (storing.get(hash) === stored) storing.delete(hash);
    }
  }
  const outcomes = await Promise.allSettled(theirs.values());
  // Another poll's insert failed (its connection, say): those payloads are this poll's to store after all.
  const failed = [...theirs.keys()].filter((_, index) => outcomes[index]!.status === 'rejected');
  if (failed.length > 0)
    await insertPayloads(
      db,
      failed.map((hash) => [hash, byHash.get(hash)!]),
    );
}

/**
 * The payloads this process's polls are storing right now, by database: polls of a first import that list
 * the same issues (every Graph tenant) finish together, and each found none of them stored yet and sent
 * every one (half a second of this process's time and more of the database's, for rows it then dropped).
 * One poll sends a payload; the others wait for its insert.
 */
const beingStored = new WeakMap<object, Map<string, Promise<void>>>();

function payloadsBeingStored(db: EntityManager): Map<string, Promise<void>> {
  const storing = beingStored.get(db.connection) ?? new Map<string, Promise<void>>();
  beingStored.set(db.connection, storing);
  return storing;
}

async function insertPayloads(
  db: EntityManager,
  payloads: Array<[hash: string, payload: Record<string, unknown>]>,
): Promise<void> {
  const stored: Array<{ hash: string }> = await db.query(
    `SELECT hash FROM raw_payloads WHERE hash = ANY($1)`,
    [payloads.map(([hash]) => hash)],
  );
  const known = new Set(stored.map((row) => row.hash));
  const unknown = payloads.filter(([hash]) => !known.has(hash));
  if (unknown.length === 0) return;
  await db.query(
    `INSERT INTO raw_payloads (hash, payload)
     SELECT hash, payload FROM jsonb_to_recordset($1::jsonb) AS item(hash text, payload jsonb) ORDER BY hash
     ON CONFLICT (hash) DO NOTHING`,
    [JSON.stringify(unknown.map(([hash, payload]) => ({ hash, payload })))],
  );
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
 * For each signal of one source: undefined when it is stored already (an event with this content, or a
 * state whose latest stored content is this), else the revision to store it under (0 the first time this
 * content is seen, then, for a state, one more each time it returns). Reads only that source's rows,
 * through its unique index.
 */
async function revisionsToStore(
  db: EntityManager,
  source: Source,
  signals: RawSignal[],
): Promise<Map<RawSignal, number | undefined>> {
  const stored: Array<{
    kind: string;
    external_id: string;
    content_hash: string;
    revision: number;
    latest: boolean;
  }> = await db.query(
    `SELECT kind, external_id, content_hash, revision,
              row_number() OVER (PARTITION BY kind, external_id ORDER BY observed_at DESC, id DESC) = 1 AS latest
       FROM raw_signals
       WHERE channel = $1 AND ${source.tenantId === null ? 'tenant_id IS NULL' : 'tenant_id = $4'}
         AND kind = ANY($2) AND external_id = ANY($3)`,
    [
      source.channel,
      [...new Set(signals.map((s) => s.kind))],
      [...new Set(signals.map((s) => s.externalId))],
      ...(source.tenantId === null ? [] : [source.tenantId]),
    ],
  );
  const history = Map.groupBy(stored, (row) =>
    itemKey({ kind: row.kind as RawSignal['kind'], externalId: row.external_id }),
  );
  const revisions = new Map<RawSignal, number | undefined>();
  for (const signal of signals) {
    const sameContent = (history.get(itemKey(signal)) ?? []).filter(
      (row) => row.content_hash === signal.contentHash,
    );
    if (!STATE_SIGNAL_KINDS.has(signal.kind)) revisions.set(signal, sameContent.length === 0 ? 0 : undefined);
    else if (sameContent.some((row) => row.latest)) revisions.set(signal, undefined);
    else
      revisions.set(
        signal,
        sameContent.length === 0 ? 0 : Math.max(...sameContent.map((row) => row.revision)) + 1,
      );
  }
  return revisions;
}
