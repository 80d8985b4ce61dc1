import type { NotificationAttemptOutcome, NotificationDeliveryState, NotificationEvent } from '#persistence';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PageInfoModel } from '../graphql/page-info.model.js';
import {
  NotificationAttemptOutcomeEnum,
  NotificationDeliveryStateEnum,
  NotificationEventEnum,
} from './notification.enums.js';

@ObjectType('NotificationAttempt', { description: 'One try at sending a delivery.' })
export class NotificationAttemptModel {
  @Field(() => ID)
  id: string;

  @Field()
  at: Date;

  @Field(() => NotificationAttemptOutcomeEnum)
  outcome: NotificationAttemptOutcome;

  @Field(() => Int, { nullable: true, description: 'The HTTP status or SMTP reply code; null: no answer.' })
  status: number | null;

  @Field(() => String, { nullable: true })
  error: string | null;

  @Field(() => Int)
  durationMs: number;

  @Field(() => Date, { nullable: true, description: 'When the next try is due.' })
  retryAt: Date | null;
}

@ObjectType('NotificationDelivery', { description: 'One message owed to one target, and every try at it.' })
export class NotificationDeliveryModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  targetId: string;

  @Field()
  targetName: string;

  @Field(() => NotificationEventEnum)
  event: NotificationEvent;

  @Field({ description: 'What the message says, in one line.' })
  headline: string;

  @Field(() => ID, { nullable: true })
  incidentId: string | null;

  @Field({ description: 'What a receiver can drop a repeat by (incident, update, target).' })
  idempotencyKey: string;

  @Field(() => NotificationDeliveryStateEnum)
  state: NotificationDeliveryState;

  @Field(() => Int)
  attemptCount: number;

  @Field()
  createdAt: Date;

  @Field({ description: 'Not sent before this (hold time, quiet hours, digest, backoff).' })
  nextAttemptAt: Date;

  @Field(() => Date, { nullable: true })
  sentAt: Date | null;

  @Field(() => String, { nullable: true })
  lastError: string | null;

  @Field(() => [NotificationAttemptModel], { description: 'Oldest first.' })
  attempts: NotificationAttemptModel[];
}

@ObjectType('NotificationDeliveryEdge')
export class NotificationDeliveryEdgeModel {
  @Field()
  cursor: string;

  @Field(() => NotificationDeliveryModel)
  node: NotificationDeliveryModel;
}

@ObjectType('NotificationDeliveryConnection')
export class NotificationDeliveryConnectionModel {
  @Field(() => [NotificationDeliveryEdgeModel])
  edges: NotificationDeliveryEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo: PageInfoModel;
}

@ObjectType('NotificationDeadLetterRetry', {
  description: 'What became of the dead letters retried: owed again, or superseded by a later change sent.',
})
export class NotificationDeadLetterRetryModel {
  @Field(() => Int, { description: 'Owed again, each in its place before anything later of its incident.' })
  pending: number;

  @Field(() => Int, {
    description: 'Not sent: a later change of the same incident (or service) reached the target since.',
  })
  superseded: number;
}
