import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { NotificationTargetEntity } from './notification-target.entity.js';

/**
 * Where a target's conversation about one incident lives, for updates in place: the Slack message's `ts`
 * (edited by `chat.update`, replies in its thread) or the first e-mail's Message-ID (the next ones answer it).
 */
@Entity('notification_threads')
export class NotificationThreadEntity {
  @PrimaryColumn('uuid', { name: 'target_id' })
  targetId: string;

  /** The delivery's ordering key (`incident:<uuid>`). */
  @PrimaryColumn('text', { name: 'ordering_key' })
  orderingKey: string;

  /** Slack `ts`, or the e-mail Message-ID. */
  @Column('text')
  reference: string;

  /** Slack: the channel id chat.postMessage answered with (chat.update needs it). */
  @Column('text', { nullable: true })
  channel: string | null;

  @ManyToOne(() => NotificationTargetEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'target_id' })
  target?: NotificationTargetEntity;
}
