import type { NotificationTargetKind } from '#persistence';
import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { NotificationTargetKindEnum } from './notification.enums.js';
import { NotificationRuleModel } from './notification-rule.models.js';

@ObjectType('NotificationEmailSettings', {
  description: 'Where and how e-mail is sent (the password is never shown).',
})
export class NotificationEmailSettingsModel {
  @Field({ description: 'The SMTP server.' })
  host: string;

  @Field(() => Int)
  port: number;

  @Field({ description: 'TLS from the start (port 465); otherwise STARTTLS when the server offers it.' })
  secure: boolean;

  @Field(() => String, { nullable: true, description: 'The SMTP login; null: none.' })
  user: string | null;

  @Field()
  from: string;

  @Field(() => [String])
  to: string[];
}

@ObjectType('NotificationTarget', {
  description: 'A place notifications go to. Its secrets (URLs, tokens, passwords) are write-only.',
})
export class NotificationTargetModel {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => NotificationTargetKindEnum)
  kind: NotificationTargetKind;

  @Field({ description: 'A disabled target is owed nothing new.' })
  enabled: boolean;

  @Field(() => String, { nullable: true, description: 'SLACK_BOT: the channel posted to.' })
  slackChannel: string | null;

  @Field(() => NotificationEmailSettingsModel, { nullable: true, description: 'EMAIL only.' })
  email: NotificationEmailSettingsModel | null;

  @Field(() => [String], {
    description:
      'The names of the secrets that are set (url, hmacSecret, token, password), never their values.',
  })
  secretsSet: string[];

  @Field(() => [NotificationRuleModel], { description: 'What it is told, oldest rule first.' })
  rules: NotificationRuleModel[];

  @Field(() => Int, { description: 'Deliveries not sent yet.' })
  pendingCount: number;

  @Field(() => Int, { description: 'Deliveries given up on (dead letters).' })
  deadCount: number;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@InputType('NotificationEmailInput')
export class NotificationEmailInput {
  @Field()
  host: string;

  @Field(() => Int, { nullable: true, description: '587 when left out.' })
  port?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'false when left out (STARTTLS if offered).' })
  secure?: boolean | null;

  @Field(() => String, { nullable: true })
  user?: string | null;

  @Field(() => String, { nullable: true, description: 'Write-only. On an update, left out: kept.' })
  password?: string | null;

  @Field()
  from: string;

  @Field(() => [String])
  to: string[];
}

/** The settings of a target of any kind: which apply depends on the kind (others are refused). */
@InputType('NotificationTargetSettingsInput')
export class NotificationTargetSettingsInput {
  @Field(() => String, {
    nullable: true,
    description: 'TEAMS, SLACK_WEBHOOK, WEBHOOK: the URL to post to. Write-only.',
  })
  url?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'WEBHOOK: the HMAC-SHA256 key, 16 characters or more. Write-only.',
  })
  hmacSecret?: string | null;

  @Field(() => String, { nullable: true, description: 'SLACK_BOT: the bot token (xoxb-…). Write-only.' })
  botToken?: string | null;

  @Field(() => String, { nullable: true, description: 'SLACK_BOT: the channel id (C…) or name.' })
  slackChannel?: string | null;

  @Field(() => NotificationEmailInput, { nullable: true, description: 'EMAIL: the SMTP settings.' })
  email?: NotificationEmailInput | null;
}

@InputType('CreateNotificationTargetInput')
export class CreateNotificationTargetInput extends NotificationTargetSettingsInput {
  @Field()
  name: string;

  @Field(() => NotificationTargetKindEnum)
  kind: NotificationTargetKind;

  @Field(() => Boolean, { nullable: true, description: 'true when left out.' })
  enabled?: boolean | null;
}

@InputType('UpdateNotificationTargetInput', {
  description: 'What is left out is kept, secrets too; the kind cannot change.',
})
export class UpdateNotificationTargetInput extends NotificationTargetSettingsInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => Boolean, { nullable: true })
  enabled?: boolean | null;
}
