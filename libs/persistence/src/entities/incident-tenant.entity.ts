import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { IncidentEntity } from './incident.entity.js';
import { TenantEntity } from './tenant.entity.js';

/** A tenant whose Graph Service health lists the incident. */
@Entity('incident_tenants')
@Index('idx_incident_tenants_tenant', ['tenantId', 'incidentId'])
export class IncidentTenantEntity {
  @PrimaryColumn('uuid', { name: 'incident_id' })
  incidentId: string;

  @PrimaryColumn('text', { name: 'tenant_id' })
  tenantId: string;

  @Column('timestamptz', { name: 'first_seen_at' })
  firstSeenAt: Date;

  @Column('timestamptz', { name: 'last_seen_at' })
  lastSeenAt: Date;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: TenantEntity;
}
