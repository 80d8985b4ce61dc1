import type { HealthLevel, IncidentClassification } from '#domain';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { classificationColumn, healthLevelColumn } from './enums.js';
import { NOTIFICATION_EVENTS, type NotificationEvent } from './notification-enums.js';
import { NotificationTargetEntity } from './notification-target.entity.js';

/**
 * What a target is told: a change is delivered to a target when one of its enabled rules matches it. Every
 * filter that is null matches everything (all services, classifications, levels, tenants).
 */
@Entity('notification_rules')
@Index('idx_notification_rules_target', ['targetId'])
export class NotificationRuleEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'target_id' })
  targetId: string;

  @Column('text', { name: 'service_ids', array: true, nullable: true })
  serviceIds: string[] | null;

  @Column({ ...classificationColumn, array: true, nullable: true })
  classifications: IncidentClassification[] | null;

  @Column({ ...healthLevelColumn, array: true, nullable: true })
  levels: HealthLevel[] | null;

  @Column('text', { name: 'tenant_ids', array: true, nullable: true })
  tenantIds: string[] | null;

  @Column({ type: 'enum', enum: NOTIFICATION_EVENTS, enumName: 'notification_event', array: true })
  events: NotificationEvent[];

  /** `source_down` fires once a source has failed for this long. */
  @Column('integer', { name: 'source_down_minutes', default: 15 })
  sourceDownMinutes: number;

  /**
   * Quiet hours, local time of `quietTimeZone` (IANA name), e.g. 22:00–07:00: deliveries wait until they
   * end. Both null: none.
   */
  @Column('time', { name: 'quiet_from', nullable: true })
  quietFrom: string | null;

  @Column('time', { name: 'quiet_until', nullable: true })
  quietUntil: string | null;

  @Column('text', { name: 'quiet_time_zone', default: 'UTC' })
  quietTimeZone: string;

  /** Advisories are gathered and sent together every this many minutes; null: each sent as it comes. */
  @Column('integer', { name: 'advisory_digest_minutes', nullable: true })
  advisoryDigestMinutes: number | null;

  /**
   * The local time (of `quietTimeZone`, the rule's time zone) at which each day's digest periods start, e.g.
   * 08:00 with 1440 minutes: daily at 08:00. Null: midnight.
   */
  @Column('time', { name: 'advisory_digest_at', nullable: true })
  advisoryDigestAt: string | null;

  /** How long a change must hold before it is announced (against flapping); null: NOTIFY_HOLD_SECONDS. */
  @Column('integer', { name: 'hold_seconds', nullable: true })
  holdSeconds: number | null;

  @Column('boolean', { default: true })
  enabled: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => NotificationTargetEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'target_id' })
  target?: NotificationTargetEntity;
}
