import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { SourceEntity } from './source.entity.js';

/** One poll of one source: when, how long, what it brought and why it failed. */
@Entity('poll_runs')
@Index('idx_poll_runs_source_started', ['sourceId', 'startedAt'])
@Index('idx_poll_runs_started', ['startedAt'])
export class PollRunEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column('integer', { name: 'source_id' })
  sourceId: number;

  @Column('timestamptz', { name: 'started_at' })
  startedAt: Date;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt: Date | null;

  @Column('integer', { name: 'duration_ms', nullable: true })
  durationMs: number | null;

  @Column('integer', { default: 0 })
  requests: number;

  @Column('integer', { name: 'signals_seen', default: 0 })
  signalsSeen: number;

  @Column('integer', { name: 'signals_stored', default: 0 })
  signalsStored: number;

  /** authentication, throttled, unavailable, malformed, timeout, … */
  @Column('text', { name: 'error_kind', nullable: true })
  errorKind: string | null;

  @Column('text', { nullable: true })
  error: string | null;

  @ManyToOne(() => SourceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'source_id' })
  source?: SourceEntity;
}
