import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { NOTIFICATION_ATTEMPT_OUTCOMES, type NotificationAttemptOutcome } from './notification-enums.js';
import { NotificationDeliveryEntity } from './notification-delivery.entity.js';

/** The delivery log: one row per attempt to send a delivery, whatever came of it. */
@Entity('notification_attempts')
@Index('idx_notification_attempts_delivery', ['deliveryId', 'at'])
@Index('idx_notification_attempts_target', ['targetId', 'at'])
export class NotificationAttemptEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column('bigint', { name: 'delivery_id' })
  deliveryId: string;

  @Column('uuid', { name: 'target_id' })
  targetId: string;

  @Column('timestamptz')
  at: Date;

  @Column({ type: 'enum', enum: NOTIFICATION_ATTEMPT_OUTCOMES, enumName: 'notification_attempt_outcome' })
  outcome: NotificationAttemptOutcome;

  /** The HTTP status, or the SMTP reply code; null when nothing answered. */
  @Column('integer', { nullable: true })
  status: number | null;

  @Column('text', { nullable: true })
  error: string | null;

  @Column('integer', { name: 'duration_ms' })
  durationMs: number;

  /** When the next attempt is due (failed, throttled); null once sent or dead. */
  @Column('timestamptz', { name: 'retry_at', nullable: true })
  retryAt: Date | null;

  @ManyToOne(() => NotificationDeliveryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id' })
  delivery?: NotificationDeliveryEntity;
}
