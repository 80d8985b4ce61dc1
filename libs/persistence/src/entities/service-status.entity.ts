import type { Channel, HealthLevel } from '#domain';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { channelColumn, healthLevelColumn } from './enums.js';
import { ServiceEntity } from './service.entity.js';
import { TenantEntity } from './tenant.entity.js';

/** A service's current status for one tenant, and the evidence it rests on. */
@Entity('service_statuses')
export class ServiceStatusEntity {
  @PrimaryColumn('text', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('text', { name: 'service_id' })
  serviceId: string;

  @Column({ ...healthLevelColumn })
  level: HealthLevel;

  /** The upstream word behind the level. */
  @Column('text')
  status: string;

  @Column({ ...channelColumn })
  channel: Channel;

  /** When that channel last confirmed this status. */
  @Column('timestamptz', { name: 'observed_at' })
  observedAt: Date;

  /** True when Graph, the authoritative channel, is not fresh for this service. */
  @Column('boolean', { default: false })
  stale: boolean;

  /** When the level, word or channel last changed. */
  @Column('timestamptz', { name: 'changed_at' })
  changedAt: Date;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: TenantEntity;

  @ManyToOne(() => ServiceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id' })
  service?: ServiceEntity;
}
