import { CorrelationCursorEntity } from '#persistence';
import type { EntityManager } from 'typeorm';
import type { SignalToApply } from './correlation-context.js';

/** A place in the signal log, whose order is `(xid, id)`: the writing transaction's id, then the row's. */
export interface LogPosition {
  xid: string;
  id: string;
}

export const LOG_START: LogPosition = { xid: '0', id: '0' };
const CURSOR = 'incidents';

/** A raw signal as the log holds it. */
export interface LoggedSignal extends SignalToApply {
  xid: string;
  unreadable: string | null;
}

/**
 * The first transaction id that may still be running: every row below it is final (its transaction has
 * committed or rolled back), and no row written later can sort before it. Read before this transaction
 * writes anything, since its own id would count.
 */
export async function logHorizon(manager: EntityManager): Promise<string> {
  const [row] = await manager.query(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon`);
  return (row as { horizon: string }).horizon;
}

/**
 * The signals after `after` and below the horizon, in log order: at least `limit` rows unless fewer are
 * final, and never half a transaction (a poll's signals are folded together, however the log is batched).
 */
export async function readLog(
  manager: EntityManager,
  after: LogPosition,
  horizon: string,
  limit: number,
): Promise<LoggedSignal[]> {
  const page = await selectLog(
    manager,
    `(s.xid, s.id) > ($1::bigint, $2::bigint) AND s.xid < $3::bigint ORDER BY s.xid, s.id LIMIT ${limit}`,
    [after.xid, after.id, horizon],
  );
  const last = page.at(-1);
  if (!last || page.length < limit) return page;
  const restOfTransaction = await selectLog(
    manager,
    `s.xid = $1::bigint AND s.id > $2::bigint ORDER BY s.id`,
    [last.xid, last.id],
  );
  return [...page, ...restOfTransaction];
}

async function selectLog(manager: EntityManager, where: string, params: unknown[]): Promise<LoggedSignal[]> {
  const rows: Array<Record<string, unknown>> = await manager.query(
    `SELECT s.id::text AS id, s.xid::text AS xid, s.channel, s.tenant_id, s.kind, s.external_id, s.content_hash,
            s.observed_at, s.published_at, s.unreadable, p.payload
     FROM raw_signals s JOIN raw_payloads p ON p.hash = s.payload_hash
     WHERE ${where}`,
    params,
  );
  return rows.map((row) => ({
    id: row.id as string,
    xid: row.xid as string,
    channel: row.channel as LoggedSignal['channel'],
    tenantId: (row.tenant_id as string | null) ?? null,
    kind: row.kind as LoggedSignal['kind'],
    externalId: row.external_id as string,
    contentHash: row.content_hash as string,
    observedAt: row.observed_at as Date,
    publishedAt: (row.published_at as Date | null) ?? null,
    unreadable: (row.unreadable as string | null) ?? null,
    payload: row.payload as Record<string, unknown>,
  }));
}

/** Where the correlator stands, locked for this transaction. */
export async function readCursor(manager: EntityManager): Promise<LogPosition> {
  const row = await manager
    .createQueryBuilder(CorrelationCursorEntity, 'cursor')
    .setLock('pessimistic_write')
    .where('cursor.name = :name', { name: CURSOR })
    .getOne();
  return row ? { xid: row.lastXid, id: row.lastId } : LOG_START;
}

export async function writeCursor(manager: EntityManager, position: LogPosition, at: Date): Promise<void> {
  await manager.upsert(
    CorrelationCursorEntity,
    { name: CURSOR, lastXid: position.xid, lastId: position.id, updatedAt: at },
    ['name'],
  );
}
