import type { Channel } from '#domain';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { channelColumn } from './enums.js';
import { IncidentEntity } from './incident.entity.js';
import { RawSignalEntity } from './raw-signal.entity.js';

/** One post on an incident's timeline; a post seen again (next poll, another tenant) is the same row. */
@Entity('incident_updates')
@Index('uq_incident_updates_post', ['incidentId', 'channel', 'externalId'], { unique: true })
@Index('idx_incident_updates_timeline', ['incidentId', 'postedAt'])
@Index('idx_incident_updates_search', ['search'], { type: 'gin' })
export class IncidentUpdateEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'incident_id' })
  incidentId: string;

  @Column({ ...channelColumn })
  channel: Channel;

  /** The channel's identity of the post (tweet id, Graph issue id + post time, status-site post hash). */
  @Column('text', { name: 'external_id' })
  externalId: string;

  @Column('timestamptz', { name: 'posted_at' })
  postedAt: Date;

  @Column('text')
  text: string;

  @Column('text', { nullable: true })
  html: string | null;

  /** Graph's postType or a channel-specific kind. */
  @Column('text', { nullable: true })
  kind: string | null;

  @Column('bigint', { name: 'raw_signal_id', nullable: true })
  rawSignalId: string | null;

  @Column({
    type: 'tsvector',
    generatedType: 'STORED',
    asExpression: `to_tsvector('english', text)`,
    select: false,
    insert: false,
    update: false,
  })
  search: string;

  /**
   * "Next update by: …" read from `text` (the promised next post): written with the post by the correlator,
   * else filled by PostgreSQL's reading of the text (migrations NextUpdateBy and NextUpdateByWritten).
   */
  @Column('timestamptz', { name: 'next_update_by', nullable: true, select: false })
  nextUpdateBy: Date | null;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @ManyToOne(() => RawSignalEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'raw_signal_id' })
  rawSignal?: RawSignalEntity;
}
