import type { Channel } from '#domain';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { channelColumn } from './enums.js';
import { IncidentEntity } from './incident.entity.js';

/** When a channel first and last spoke of an incident. */
@Entity('incident_sightings')
@Index('idx_incident_sightings_channel', ['channel', 'incidentId'])
export class IncidentSightingEntity {
  @PrimaryColumn('uuid', { name: 'incident_id' })
  incidentId: string;

  @PrimaryColumn({ ...channelColumn })
  channel: Channel;

  @Column('timestamptz', { name: 'first_seen_at' })
  firstSeenAt: Date;

  @Column('timestamptz', { name: 'last_seen_at' })
  lastSeenAt: Date;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;
}
