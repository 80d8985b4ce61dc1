import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How far the correlator has folded the signal log: the position `(xid, id)` of the last raw signal it
 * applied. One row (`name` = 'incidents'); a rebuild sets it back to the start.
 */
@Entity('correlation_cursor')
export class CorrelationCursorEntity {
  @PrimaryColumn('text')
  name: string;

  @Column('bigint', { name: 'last_xid' })
  lastXid: string;

  @Column('bigint', { name: 'last_id' })
  lastId: string;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
