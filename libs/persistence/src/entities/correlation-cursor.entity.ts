import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How far the correlator has folded the signal log: the position `(observed_at, id)` of the last raw
 * signal it applied, and until when time's effect on Graph freshness is accounted for. One row (`name` =
 * 'incidents'); a rebuild sets it back to the start. In the database, not in a process: the next step may
 * be any process's.
 */
@Entity('correlation_cursor')
export class CorrelationCursorEntity {
  @PrimaryColumn('text')
  name: string;

  @Column('timestamptz', { name: 'last_observed_at' })
  lastObservedAt: Date;

  @Column('bigint', { name: 'last_id' })
  lastId: string;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;

  /** Every tenant's statuses were recomputed then or since (null: never, on this database). */
  @Column('timestamptz', { name: 'freshness_checked_at', nullable: true })
  freshnessCheckedAt: Date | null;
}
