import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import {
  NOTIFICATION_DELIVERY_STATES,
  NOTIFICATION_EVENTS,
  type NotificationDeliveryState,
  type NotificationEvent,
} from './notification-enums.js';
import { NotificationRuleEntity } from './notification-rule.entity.js';
import { NotificationTargetEntity } from './notification-target.entity.js';

/**
 * The outbox: one row per message owed to one target, written in the transaction of the change it
 * announces (so a change and its deliveries commit or vanish together). The dispatcher sends them per target
 * in `id` order, one at a time; `idempotencyKey` (incident, update, target) is unique, so a change can never
 * be owed twice, and it travels with the message so that a receiver can drop a retry it already has.
 */
@Entity('notification_deliveries')
@Index('uq_notification_deliveries_key', ['idempotencyKey'], { unique: true })
@Index('idx_notification_deliveries_due', ['targetId', 'id'], { where: `state = 'pending'` })
@Index('idx_notification_deliveries_ordering', ['targetId', 'orderingKey', 'id'])
export class NotificationDeliveryEntity {
  /** Also the order in which a target receives its deliveries. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column('uuid', { name: 'target_id' })
  targetId: string;

  /** The rule that matched (null once it is deleted: the delivery is still owed). */
  @Column('uuid', { name: 'rule_id', nullable: true })
  ruleId: string | null;

  @Column('text', { name: 'idempotency_key' })
  idempotencyKey: string;

  @Column({ type: 'enum', enum: NOTIFICATION_EVENTS, enumName: 'notification_event' })
  event: NotificationEvent;

  /** What the news is about (`incident:<uuid>`, `status:<tenant>:<service>`): bursts coalesce within one key. */
  @Column('text', { name: 'ordering_key' })
  orderingKey: string;

  @Column('uuid', { name: 'incident_id', nullable: true })
  incidentId: string | null;

  /** The message's content, fixed when the change committed (renderers make each target's format of it). */
  @Column('jsonb')
  payload: Record<string, unknown>;

  @Column({
    type: 'enum',
    enum: NOTIFICATION_DELIVERY_STATES,
    enumName: 'notification_delivery_state',
    default: 'pending',
  })
  state: NotificationDeliveryState;

  @Column('integer', { default: 0 })
  attempts: number;

  /** Not sent before: the hold time, quiet hours, a digest's end, or a retry's backoff. */
  @Column('timestamptz', { name: 'next_attempt_at' })
  nextAttemptAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt: Date | null;

  /** The newest attempt's error (never a secret: URLs and tokens are not in it). */
  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @ManyToOne(() => NotificationTargetEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'target_id' })
  target?: NotificationTargetEntity;

  @ManyToOne(() => NotificationRuleEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'rule_id' })
  rule?: NotificationRuleEntity;
}
