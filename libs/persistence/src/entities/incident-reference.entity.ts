import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Column } from 'typeorm';
import { IncidentEntity } from './incident.entity.js';

/**
 * Every id an incident has been known by, its current one included: the primary key makes an id belong to
 * one incident only, so two ingestors correlating at once can't create two incidents for one id.
 */
@Entity('incident_references')
@Index('idx_incident_references_incident', ['incidentId'])
export class IncidentReferenceEntity {
  @PrimaryColumn('text')
  reference: string;

  @Column('uuid', { name: 'incident_id' })
  incidentId: string;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;
}
