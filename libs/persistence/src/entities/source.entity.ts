import type { Channel, SourceState } from '#domain';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { channelColumn, sourceStateColumn } from './enums.js';
import { TenantEntity } from './tenant.entity.js';

/**
 * One polled source (a channel, and for Graph a tenant): its health after every attempt, and the cursor
 * that the next poll starts from, written in the same transaction as the signals it covers.
 */
@Entity('sources')
@Index('uq_sources_tenant', ['channel', 'tenantId'], { unique: true, where: 'tenant_id IS NOT NULL' })
@Index('uq_sources_global', ['channel'], { unique: true, where: 'tenant_id IS NULL' })
export class SourceEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ ...channelColumn })
  channel: Channel;

  @Column('text', { name: 'tenant_id', nullable: true })
  tenantId: string | null;

  @Column({ ...sourceStateColumn })
  state: SourceState;

  @Column('timestamptz', { name: 'last_attempt_at', nullable: true })
  lastAttemptAt: Date | null;

  @Column('timestamptz', { name: 'last_success_at', nullable: true })
  lastSuccessAt: Date | null;

  @Column('integer', { name: 'consecutive_failures', default: 0 })
  consecutiveFailures: number;

  /** Short reason of the last failure; never contains secrets. */
  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  /** Where the next poll starts (e.g. Graph's lastModifiedDateTime, X's newest id). */
  @Column('jsonb', { nullable: true })
  cursor: Record<string, unknown> | null;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: TenantEntity;
}
