import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { NOTIFICATION_TARGET_KINDS, type NotificationTargetKind } from './notification-enums.js';

/**
 * A place notifications go to: a Teams Workflows webhook, a Slack incoming webhook or bot, a generic signed
 * webhook, or an SMTP mailbox. `config` holds what may be shown (Slack channel, mail host, sender,
 * recipients…); `secrets` holds what must never be shown or logged (webhook URLs, which carry their own
 * credential, the HMAC secret, the bot token, the SMTP password). `secrets` is not selected unless asked
 * for (`addSelect`), so that nothing that reads targets for display can return it by accident.
 */
@Entity('notification_targets')
export class NotificationTargetEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column({ type: 'enum', enum: NOTIFICATION_TARGET_KINDS, enumName: 'notification_target_kind' })
  kind: NotificationTargetKind;

  /**
   * Non-secret settings by kind: slack_bot `{ channel }`; email `{ host, port, secure, user, from, to[] }`;
   * teams, slack_webhook and webhook need none.
   */
  @Column('jsonb', { default: {} })
  config: Record<string, unknown>;

  /** Secret settings by kind: `{ url }` (teams, slack_webhook), `{ url, hmacSecret }` (webhook), `{ token }`
   * (slack_bot), `{ password }` (email). */
  @Column('jsonb', { default: {}, select: false })
  secrets: Record<string, string>;

  @Column('boolean', { default: true })
  enabled: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
