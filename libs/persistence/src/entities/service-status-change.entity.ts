import type { Channel, HealthLevel } from '#domain';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { channelColumn, healthLevelColumn } from './enums.js';
import { ServiceEntity } from './service.entity.js';
import { TenantEntity } from './tenant.entity.js';

/**
 * History of service statuses: one row per change, so that analysts can measure how long each service
 * spent at each level (a row lasts until the next row of the same tenant and service).
 */
@Entity('service_status_changes')
@Index('idx_service_status_changes_tenant_service_time', ['tenantId', 'serviceId', 'changedAt'])
@Index('idx_service_status_changes_time', ['changedAt'])
export class ServiceStatusChangeEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column('text', { name: 'tenant_id' })
  tenantId: string;

  @Column('text', { name: 'service_id' })
  serviceId: string;

  @Column({ ...healthLevelColumn })
  level: HealthLevel;

  @Column('text')
  status: string;

  @Column({ ...channelColumn })
  channel: Channel;

  @Column('timestamptz', { name: 'changed_at' })
  changedAt: Date;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: TenantEntity;

  @ManyToOne(() => ServiceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id' })
  service?: ServiceEntity;
}
