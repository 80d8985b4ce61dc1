import type { Channel, SignalKind } from '#domain';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { channelColumn } from './enums.js';
import { RawPayloadEntity } from './raw-payload.entity.js';
import { TenantEntity } from './tenant.entity.js';

/**
 * Every validated item an upstream returned, append-only: the evidence everything else is derived from.
 * The same item seen again (next poll, retry, second process) hits a unique index and is not stored twice;
 * two partial indexes because the global channels have no tenant and NULLs never conflict. A state that
 * comes back after a change (see `STATE_SIGNAL_KINDS`) is stored again under the next `revision`.
 *
 * The log's order is `(observed_at, id)`, and `observed_at` is when the statement that appended the row
 * began, inside its poll's transaction. The correlator folds only rows observed before the oldest
 * transaction still appending signals began (see `SignalLogRepository.horizon`), so no row can later appear
 * before one it has applied: one total order, whatever order polls commit in, the same for live
 * correlation and a rebuild.
 */
@Entity('raw_signals')
@Index(
  'uq_raw_signals_tenant_item',
  ['channel', 'tenantId', 'kind', 'externalId', 'contentHash', 'revision'],
  {
    unique: true,
    where: 'tenant_id IS NOT NULL',
  },
)
@Index('uq_raw_signals_global_item', ['channel', 'kind', 'externalId', 'contentHash', 'revision'], {
  unique: true,
  where: 'tenant_id IS NULL',
})
@Index('idx_raw_signals_log_order', ['observedAt', 'id'])
@Index('idx_raw_signals_item_latest', ['kind', 'externalId', 'observedAt'])
export class RawSignalEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ ...channelColumn })
  channel: Channel;

  @Column('text', { name: 'tenant_id', nullable: true })
  tenantId: string | null;

  @Column('text')
  kind: SignalKind;

  @Column('text', { name: 'external_id' })
  externalId: string;

  /** sha256 (hex) of the content, without fields that change on every request. */
  @Column('text', { name: 'content_hash' })
  contentHash: string;

  /** How many times before this content came back after a change (states only; else 0). */
  @Column('integer', { default: 0 })
  revision: number;

  /** When Beacon stored it: the start of the storing transaction, on the database's clock. */
  @Column('timestamptz', { name: 'observed_at' })
  observedAt: Date;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt: Date | null;

  @Column('text', { name: 'payload_hash' })
  payloadHash: string;

  /** Why the item could not be read (it failed validation): kept as received, never correlated. */
  @Column('text', { nullable: true })
  unreadable: string | null;

  @ManyToOne(() => RawPayloadEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'payload_hash' })
  rawPayload?: RawPayloadEntity;

  @ManyToOne(() => TenantEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: TenantEntity;
}
