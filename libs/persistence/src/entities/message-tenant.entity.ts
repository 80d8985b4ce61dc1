import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MessageEntity } from './message.entity.js';
import { TenantEntity } from './tenant.entity.js';

/** A tenant whose message center lists the message. */
@Entity('message_tenants')
@Index('idx_message_tenants_tenant', ['tenantId', 'messageId'])
export class MessageTenantEntity {
  @PrimaryColumn('text', { name: 'message_id' })
  messageId: string;

  @PrimaryColumn('text', { name: 'tenant_id' })
  tenantId: string;

  @ManyToOne(() => MessageEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id' })
  message?: MessageEntity;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: TenantEntity;
}
