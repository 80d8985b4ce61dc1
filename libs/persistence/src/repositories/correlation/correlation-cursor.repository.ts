import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { transactionLock, tryTransactionLock } from '../advisory-locks.js';
import { LOG_START, type LogPosition } from './signal-log.repository.js';

/** Key of the transaction lock under which derived state is written: by one correlator at a time. */
const CORRELATOR_LOCK = [0x4243_4e34, 1] as const;
const CURSOR = 'incidents';

/** Where the correlator stands (`correlation_cursor`). */
export interface CorrelatorPosition {
  /** The last signal folded. */
  position: LogPosition;
  /** Until when time's effect on Graph freshness is accounted for (null: never, on this database). */
  freshnessCheckedAt: Date | null;
}

/**
 * `correlation_cursor`, and the correlator's turn. Every ingestor process runs a correlator; each step takes
 * the turn for its transaction or skips, so one is active at a time and another takes over at its next
 * step when the active one dies (its transaction ends with its connection).
 */
@Injectable()
export class CorrelationCursorRepository {
  tryTakeTurn(manager: EntityManager): Promise<boolean> {
    return tryTransactionLock(manager, CORRELATOR_LOCK);
  }

  /** Waits for the active correlator step to end, then keeps the others out (a rebuild). */
  waitForTurn(manager: EntityManager): Promise<void> {
    return transactionLock(manager, CORRELATOR_LOCK);
  }

  /** Where the correlator stands, locked for this transaction. */
  async read(manager: EntityManager): Promise<CorrelatorPosition> {
    const [row]: Array<{ observedAt: Date; id: string; freshnessCheckedAt: Date | null }> =
      await manager.query(
        `SELECT last_observed_at AS "observedAt", last_id AS id, freshness_checked_at AS "freshnessCheckedAt"
         FROM correlation_cursor WHERE name = $1 FOR UPDATE`,
        [CURSOR],
      );
    return row
      ? { position: { observedAt: row.observedAt, id: row.id }, freshnessCheckedAt: row.freshnessCheckedAt }
      : { position: LOG_START, freshnessCheckedAt: null };
  }

  async write(
    manager: EntityManager,
    { position, freshnessCheckedAt }: CorrelatorPosition,
    at: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO correlation_cursor (name, last_observed_at, last_id, freshness_checked_at, updated_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (name) DO UPDATE SET last_observed_at = excluded.last_observed_at, last_id = excluded.last_id,
         freshness_checked_at = excluded.freshness_checked_at, updated_at = excluded.updated_at`,
      [CURSOR, position.observedAt, position.id, freshnessCheckedAt, at],
    );
  }
}
