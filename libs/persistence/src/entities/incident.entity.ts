import type { HealthLevel, IncidentClassification } from '#domain';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { classificationColumn, healthLevelColumn } from './enums.js';
import { ServiceEntity } from './service.entity.js';

/**
 * One event, whatever the channels that spoke of it. `reference` is the public id (Microsoft's once known,
 * else Beacon's provisional one); every id it has had is in `incident_references`.
 */
@Entity('incidents')
@Index('idx_incidents_last_updated', ['lastUpdatedAt', 'reference'])
@Index('idx_incidents_service', ['serviceId', 'lastUpdatedAt'])
@Index('idx_incidents_unresolved', ['lastUpdatedAt'], { where: 'is_resolved = false' })
@Index('idx_incidents_window', ['startedAt', 'endedAt'])
@Index('idx_incidents_search', ['search'], { type: 'gin' })
export class IncidentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text', { unique: true })
  reference: string;

  @Column('text')
  title: string;

  @Column('text', { name: 'service_id', nullable: true })
  serviceId: string | null;

  /** Display name as the channels gave it, also when no service matches. */
  @Column('text', { name: 'service_name', nullable: true })
  serviceName: string | null;

  @Column('text', { nullable: true })
  feature: string | null;

  @Column('text', { name: 'feature_group', nullable: true })
  featureGroup: string | null;

  @Column({ ...classificationColumn })
  classification: IncidentClassification;

  @Column('text', { nullable: true })
  origin: string | null;

  /** Graph's serviceHealthStatus word, or the closest word derived from a fallback channel. */
  @Column('text')
  status: string;

  @Column({ ...healthLevelColumn })
  level: HealthLevel;

  @Column('boolean', { name: 'is_resolved' })
  isResolved: boolean;

  @Column('text', { name: 'impact_description', nullable: true })
  impactDescription: string | null;

  @Column('timestamptz', { name: 'started_at', nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { name: 'ended_at', nullable: true })
  endedAt: Date | null;

  @Column('timestamptz', { name: 'first_seen_at' })
  firstSeenAt: Date;

  @Column('timestamptz', { name: 'last_updated_at' })
  lastUpdatedAt: Date;

  /** True while only fallback channels (STATUS_SITE, X) know of it. */
  @Column('boolean')
  provisional: boolean;

  /** `lastModifiedDateTime` of the Graph version whose fields the incident shows: an older one never wins. */
  @Column('timestamptz', { name: 'graph_modified_at', nullable: true })
  graphModifiedAt: Date | null;

  /** The stored payload of that version: another tenant's copy of it changes nothing but who lists it. */
  @Column('text', { name: 'graph_payload_hash', nullable: true })
  graphPayloadHash: string | null;

  @Column('boolean', { name: 'post_incident_report_available', default: false })
  postIncidentReportAvailable: boolean;

  @Column({
    type: 'tsvector',
    generatedType: 'STORED',
    asExpression: `to_tsvector('english', coalesce(title, '') || ' ' || coalesce(impact_description, ''))`,
    select: false,
    insert: false,
    update: false,
  })
  search: string;

  @ManyToOne(() => ServiceEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'service_id' })
  service?: ServiceEntity;
}
