import type { Channel, HealthLevel } from '#domain';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { channelColumn, healthLevelColumn } from './enums.js';
import { ServiceEntity } from './service.entity.js';
import { TenantEntity } from './tenant.entity.js';

/**
 * The latest thing each channel said about a service: Graph per tenant, the fallback channels globally.
 * A service's status is derived from these (see `effectiveServiceStatus`).
 */
@Entity('service_evidence')
@Index('uq_service_evidence_tenant', ['tenantId', 'serviceId', 'channel'], {
  unique: true,
  where: 'tenant_id IS NOT NULL',
})
@Index('uq_service_evidence_global', ['serviceId', 'channel'], { unique: true, where: 'tenant_id IS NULL' })
export class ServiceEvidenceEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  /** The tenant whose Graph said it; null for the global channels. */
  @Column('text', { name: 'tenant_id', nullable: true })
  tenantId: string | null;

  @Column('text', { name: 'service_id' })
  serviceId: string;

  @Column({ ...channelColumn })
  channel: Channel;

  @Column({ ...healthLevelColumn })
  level: HealthLevel;

  /** The channel's word (Graph's status, the status site's word, or the word derived from a post). */
  @Column('text')
  status: string;

  /** When the channel said it. */
  @Column('timestamptz', { name: 'observed_at' })
  observedAt: Date;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: TenantEntity;

  @ManyToOne(() => ServiceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id' })
  service?: ServiceEntity;
}
