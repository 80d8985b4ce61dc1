import { CorrelationCursorEntity } from '#persistence';
import type { EntityManager } from 'typeorm';
import type { SignalToApply } from './correlation-context.js';

/** A place in the signal log, whose order is `(observed_at, id)`. */
export interface LogPosition {
  observedAt: Date;
  id: string;
}

export const LOG_START: LogPosition = { observedAt: new Date(0), id: '0' };
const CURSOR = 'incidents';

/** A raw signal as the log holds it. */
export interface LoggedSignal extends SignalToApply {
  unreadable: string | null;
}

/**
 * How far the log is final. A row's `observed_at` is the start of the transaction that stored it, so a
 * row not yet visible belongs to a transaction still running and is observed no earlier than that
 * transaction began: every row observed before the oldest running transaction began is final, whatever
 * order transactions commit in. The API's read pool never stores signals and does not hold the log back.
 * A margin covers the instant between a transaction taking its start time and showing it.
 */
export async function logHorizon(manager: EntityManager): Promise<Date> {
  const [row] = await manager.query(
    `SELECT least(clock_timestamp(), min(xact_start)) - interval '${HORIZON_MARGIN_MS} milliseconds' AS horizon
     FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> 'beacon-reads'`,
  );
  return (row as { horizon: Date }).horizon;
}
const HORIZON_MARGIN_MS = 100;

/**
 * The signals after `after` and observed before the horizon, in log order: at most `limit` rows, never
 * half a poll (a poll's signals, observed at one instant, are folded together however the log is batched).
 */
export async function readLog(
  manager: EntityManager,
  after: LogPosition,
  horizon: Date,
  limit: number,
): Promise<LoggedSignal[]> {
  const page = await selectLog(
    manager,
    `(s.observed_at, s.id) > ($1, $2::bigint) AND s.observed_at < $3 ORDER BY s.observed_at, s.id LIMIT ${limit}`,
    [after.observedAt, after.id, horizon],
  );
  const last = page.at(-1);
  if (!last || page.length < limit) return page;
  const restOfPoll = await selectLog(manager, `s.observed_at = $1 AND s.id > $2::bigint ORDER BY s.id`, [
    last.observedAt,
    last.id,
  ]);
  return [...page, ...restOfPoll];
}

/**
 * The signals, and their payloads once each: one Graph issue listed by a thousand tenants is one payload,
 * read and parsed once, and shared by its signals (which only read it).
 */
async function selectLog(manager: EntityManager, where: string, params: unknown[]): Promise<LoggedSignal[]> {
  const rows: Array<Record<string, unknown>> = await manager.query(
    `SELECT s.id::text AS id, s.channel, s.tenant_id, s.kind, s.external_id, s.content_hash,
            s.observed_at, s.published_at, s.unreadable, s.payload_hash
     FROM raw_signals s
     WHERE ${where}`,
    params,
  );
  const payloads = await payloadsOf(manager, [...new Set(rows.map((row) => row.payload_hash as string))]);
  return rows.map((row) => ({
    id: row.id as string,
    channel: row.channel as LoggedSignal['channel'],
    tenantId: (row.tenant_id as string | null) ?? null,
    kind: row.kind as LoggedSignal['kind'],
    externalId: row.external_id as string,
    contentHash: row.content_hash as string,
    observedAt: row.observed_at as Date,
    publishedAt: (row.published_at as Date | null) ?? null,
    unreadable: (row.unreadable as string | null) ?? null,
    payloadHash: row.payload_hash as string,
    payload: payloads.get(row.payload_hash as string)!,
  }));
}

async function payloadsOf(
  manager: EntityManager,
  hashes: string[],
): Promise<Map<string, Record<string, unknown>>> {
  if (hashes.length === 0) return new Map();
  const rows: Array<{ hash: string; payload: Record<string, unknown> }> = await manager.query(
    `SELECT hash, payload FROM raw_payloads WHERE hash = ANY($1)`,
    [hashes],
  );
  return new Map(rows.map((row) => [row.hash, row.payload]));
}

/** Where the correlator stands, locked for this transaction. */
export async function readCursor(manager: EntityManager): Promise<LogPosition> {
  const row = await manager
    .createQueryBuilder(CorrelationCursorEntity, 'cursor')
    .setLock('pessimistic_write')
    .where('cursor.name = :name', { name: CURSOR })
    .getOne();
  return row ? { observedAt: row.lastObservedAt, id: row.lastId } : LOG_START;
}

export async function writeCursor(manager: EntityManager, position: LogPosition, at: Date): Promise<void> {
  await manager.upsert(
    CorrelationCursorEntity,
    { name: CURSOR, lastObservedAt: position.observedAt, lastId: position.id, updatedAt: at },
    ['name'],
  );
}

/** Whether the log holds signals after this position (folded next, or waiting for the horizon). */
export async function hasSignalsAfter(manager: EntityManager, position: LogPosition): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `SELECT 1 FROM raw_signals WHERE (observed_at, id) > ($1, $2::bigint) LIMIT 1`,
    [position.observedAt, position.id],
  );
  return rows.length > 0;
}
