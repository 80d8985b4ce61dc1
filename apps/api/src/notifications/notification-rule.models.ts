import type { HealthLevel, IncidentClassification } from '#domain';
import type { NotificationEvent } from '#persistence';
import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { HealthLevelEnum, IncidentClassificationEnum } from '../graphql/domain.enums.js';
import { NotificationEventEnum } from './notification.enums.js';

@ObjectType('NotificationQuietHours', {
  description: 'Deliveries wait while they last (e.g. 22:00 to 07:00).',
})
export class NotificationQuietHoursModel {
  @Field({ description: 'HH:MM, local time.' })
  from: string;

  @Field({ description: 'HH:MM, local time.' })
  until: string;

  @Field({ description: 'An IANA time zone, e.g. Europe/Paris.' })
  timeZone: string;
}

@ObjectType('NotificationRule', {
  description: 'What a target is told. A filter that is null matches everything.',
})
export class NotificationRuleModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  targetId: string;

  @Field()
  enabled: boolean;

  @Field(() => [NotificationEventEnum])
  events: NotificationEvent[];

  @Field(() => [ID], { nullable: true, description: "Graph's service ids; null: every service." })
  serviceIds: string[] | null;

  @Field(() => [IncidentClassificationEnum], { nullable: true })
  classifications: IncidentClassification[] | null;

  @Field(() => [HealthLevelEnum], { nullable: true })
  levels: HealthLevel[] | null;

  @Field(() => [ID], { nullable: true })
  tenantIds: string[] | null;

  @Field(() => Int, { description: 'SOURCE_DOWN fires once a source has failed for this long.' })
  sourceDownMinutes: number;

  @Field(() => NotificationQuietHoursModel, { nullable: true })
  quietHours: NotificationQuietHoursModel | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Advisories gathered and sent together every this many minutes; null: each as it comes.',
  })
  advisoryDigestMinutes: number | null;

  @Field(() => String, {
    nullable: true,
    description: "HH:MM in the rule's time zone: when each day's digest periods start; null: midnight.",
  })
  advisoryDigestAt: string | null;

  @Field({ description: 'The IANA time zone of its quiet hours and of its digest periods.' })
  timeZone: string;

  @Field(() => Int, {
    nullable: true,
    description: 'How long a change must hold before it is announced; null: the server default.',
  })
  holdSeconds: number | null;

  @Field()
  createdAt: Date;
}

@InputType('NotificationQuietHoursInput')
export class NotificationQuietHoursInput {
  @Field({ description: 'HH:MM' })
  from: string;

  @Field({ description: 'HH:MM' })
  until: string;

  @Field(() => String, { nullable: true, description: "Left out: the rule's time zone (UTC by default)." })
  timeZone?: string | null;
}

/** The filters and options of a rule: on an update, a field left out is kept and null clears it. */
@InputType('NotificationRuleSettingsInput')
export class NotificationRuleSettingsInput {
  @Field(() => [ID], { nullable: true })
  serviceIds?: string[] | null;

  @Field(() => [IncidentClassificationEnum], { nullable: true })
  classifications?: IncidentClassification[] | null;

  @Field(() => [HealthLevelEnum], { nullable: true })
  levels?: HealthLevel[] | null;

  @Field(() => [ID], { nullable: true, description: 'Configured tenants only.' })
  tenantIds?: string[] | null;

  @Field(() => Int, { nullable: true, description: '1 to 1440; 15 when left out.' })
  sourceDownMinutes?: number | null;

  @Field(() => NotificationQuietHoursInput, {
    nullable: true,
    description: "Null clears them (the rule's time zone stays).",
  })
  quietHours?: NotificationQuietHoursInput | null;

  @Field(() => Int, { nullable: true, description: '5 to 1440, or null.' })
  advisoryDigestMinutes?: number | null;

  @Field(() => String, {
    nullable: true,
    description: "HH:MM in the rule's time zone: when each day's digest periods start; null: midnight.",
  })
  advisoryDigestAt?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'An IANA time zone, for quiet hours and digest periods; null: UTC.',
  })
  timeZone?: string | null;

  @Field(() => Int, { nullable: true, description: '0 to 3600, or null for the server default.' })
  holdSeconds?: number | null;

  @Field(() => Boolean, { nullable: true })
  enabled?: boolean | null;
}

@InputType('CreateNotificationRuleInput')
export class CreateNotificationRuleInput extends NotificationRuleSettingsInput {
  @Field(() => ID)
  targetId: string;

  @Field(() => [NotificationEventEnum], { description: 'At least one; never TEST.' })
  events: NotificationEvent[];
}

@InputType('UpdateNotificationRuleInput')
export class UpdateNotificationRuleInput extends NotificationRuleSettingsInput {
  @Field(() => [NotificationEventEnum], { nullable: true })
  events?: NotificationEvent[] | null;
}
