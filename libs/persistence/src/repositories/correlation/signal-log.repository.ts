import type { RawSignal } from '#domain';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SIGNAL_WRITERS_LOCK } from '../ingestion/signal.store.js';

/** A place in the signal log, whose order is `(observed_at, id)`. */
export interface LogPosition {
  observedAt: Date;
  id: string;
}

type Payload = Record<string, unknown>;

/** Payloads by the hash of their content. */
export type PayloadsByHash = ReadonlyMap<string, Payload>;

/** The payloads of a batch of signals: what the next batch need not read again. */
export function payloadsOf(signals: readonly LoggedSignal[]): PayloadsByHash {
  return new Map(signals.map((signal) => [signal.payloadHash, signal.payload]));
}

export const LOG_START: LogPosition = { observedAt: new Date(0), id: '0' };

/** A raw signal as the log holds it, with its payload. */
export interface LoggedSignal extends RawSignal {
  id: string;
  observedAt: Date;
  unreadable: string | null;
}

/** `raw_signals` read as the correlator's log, in its order, up to its horizon. */
@Injectable()
export class SignalLogRepository {
  /**
   * How far the log is final: the start of this statement, or of the oldest transaction appending signals
   * (holding SIGNAL_WRITERS_LOCK) if earlier. A transaction takes that lock in a statement before the one
   * that appends, and the rows are observed when that one began (`appendSignals`). So the transaction of a
   * row observed before the horizon held the lock before this statement's scan: it still holds it
   * (holding the horizon at or before its start, hence before the row: impossible), or it has ended, and
   * the next statement (`read`) sees all it committed, whatever order transactions commit in. No margin,
   * and no other transaction holds the log back (a notification batch waiting on its sends, `pg_dump`,
   * autovacuum, an analyst's `psql`).
   */
  async horizon(manager: EntityManager): Promise<Date> {
    const [row]: Array<{ horizon: Date; tracked: boolean }> = await manager.query(
      `SELECT least(statement_timestamp(), min(a.xact_start)) AS horizon,
              current_setting('track_activities')::boolean AS tracked
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'advisory' AND l.classid = $1 AND l.objid = $2 AND l.objsubid = 2
         AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [...SIGNAL_WRITERS_LOCK],
    );
    // Without it, running transactions show no start and the horizon would pass their signals.
    if (!row!.tracked)
      throw new Error('PostgreSQL must run with track_activities on: the log’s horizon reads it');
    return row!.horizon;
  }

  /**
   * The signals after `after` and observed before the horizon, in log order: at most `limit` rows, never
   * half a poll (a poll's signals, observed at one instant, are folded together however the log is batched).
   * Payloads in `known` (the last batch's, say) are not read again: a payload is known by the hash of its
   * content, so the one held is the one stored.
   */
  async read(
    manager: EntityManager,
    after: LogPosition,
    horizon: Date,
    limit: number,
    known: PayloadsByHash = new Map(),
  ): Promise<LoggedSignal[]> {
    const page = await this.select(
      manager,
      `(s.observed_at, s.id) > ($1, $2::bigint) AND s.observed_at < $3 ORDER BY s.observed_at, s.id LIMIT $4`,
      [after.observedAt, after.id, horizon, limit],
      known,
    );
    const last = page.at(-1);
    if (!last || page.length < limit) return page;
    const restOfPoll = await this.select(
      manager,
      `s.observed_at = $1 AND s.id > $2::bigint ORDER BY s.id`,
      [last.observedAt, last.id],
      known,
    );
    return [...page, ...restOfPoll];
  }

  /**
   * The signals, and their payloads once each: one Graph issue listed by a thousand tenants is one payload,
   * read and parsed once, and shared by its signals (which only read it).
   */
  private async select(
    manager: EntityManager,
    where: string,
    params: unknown[],
    known: PayloadsByHash,
  ): Promise<LoggedSignal[]> {
    const rows: Array<Omit<LoggedSignal, 'payload'>> = await manager.query(
      `SELECT s.id::text AS id, s.channel, s.tenant_id AS "tenantId", s.kind, s.external_id AS "externalId",
              s.content_hash AS "contentHash", s.observed_at AS "observedAt", s.published_at AS "publishedAt",
              s.unreadable, s.payload_hash AS "payloadHash"
       FROM raw_signals s
       WHERE ${where}`,
      params,
    );
    const unknown = [...new Set(rows.map((row) => row.payloadHash))].filter((hash) => !known.has(hash));
    const payloads = await this.payloads(manager, unknown);
    return rows.map((row) => ({
      ...row,
      payload: known.get(row.payloadHash) ?? payloads.get(row.payloadHash)!,
    }));
  }

  private async payloads(manager: EntityManager, hashes: string[]): Promise<Map<string, Payload>> {
    if (hashes.length === 0) return new Map();
    const rows: Array<{ hash: string; payload: Payload }> = await manager.query(
      `SELECT hash, payload FROM raw_payloads WHERE hash = ANY($1)`,
      [hashes],
    );
    return new Map(rows.map((row) => [row.hash, row.payload]));
  }

  /** Whether the log holds signals after this position (folded next, or waiting for the horizon). */
  async hasAfter(manager: EntityManager, position: LogPosition): Promise<boolean> {
    const [row]: Array<{ any: boolean }> = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM raw_signals WHERE (observed_at, id) > ($1, $2::bigint)) AS any`,
      [position.observedAt, position.id],
    );
    return row!.any;
  }
}
