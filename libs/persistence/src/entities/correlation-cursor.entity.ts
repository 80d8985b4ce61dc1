import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How far the correlator has folded the signal log: the position `(observed_at, id)` of the last raw
 * signal it applied. One row (`name` = 'incidents'); a rebuild sets it back to the start.
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
}
