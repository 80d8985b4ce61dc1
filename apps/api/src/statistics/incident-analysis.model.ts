import type { Channel, HealthLevel } from '#domain';
import { Field, Float, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ChannelEnum, enumOf, HealthLevelEnum } from '../graphql/domain.enums.js';
import { LIST_SIZE, listCost } from '../graphql/query-cost.util.js';

export const PROMISE_OUTCOMES = ['KEPT', 'LATE', 'UNANSWERED', 'PENDING'] as const;
export type PromiseOutcome = (typeof PROMISE_OUTCOMES)[number];
export const PromiseOutcomeEnum = enumOf<PromiseOutcome>(PROMISE_OUTCOMES);

registerEnumType(PromiseOutcomeEnum, {
  name: 'PromiseOutcome',
  description: 'What became of a "Next update by" promise.',
  valuesMap: {
    KEPT: { description: 'The next post, on any channel, came by the promised time.' },
    LATE: { description: 'The next post came after the promised time.' },
    UNANSWERED: { description: 'The promised time has passed and no later post came.' },
    PENDING: { description: 'The promised time has not come yet, nor a later post.' },
  },
});

@ObjectType('ChannelFirstWord')
export class ChannelFirstWordModel {
  @Field(() => ChannelEnum)
  channel: Channel;

  @Field()
  firstSeenAt: Date;

  @Field(() => Float, {
    nullable: true,
    description:
      "How long before Graph's first word it spoke (negative: after); null when Graph never spoke.",
  })
  secondsBeforeGraph: number | null;
}

@ObjectType('UpdatePromise', { description: 'A post\'s "Next update by" and what became of it.' })
export class UpdatePromiseModel {
  @Field(() => ID, { description: 'The IncidentUpdate that made the promise.' })
  updateId: string;

  @Field(() => ChannelEnum)
  channel: Channel;

  @Field({ description: 'When the promising post was posted.' })
  madeAt: Date;

  @Field()
  promisedBy: Date;

  @Field(() => PromiseOutcomeEnum)
  outcome: PromiseOutcome;

  @Field(() => Date, { nullable: true, description: 'The next post on any channel, if one came.' })
  nextPostAt: Date | null;

  @Field(() => Float, { nullable: true, description: 'How late the next post was (LATE only).' })
  lateSeconds: number | null;
}

@ObjectType('PostIncidentReviewFacts')
export class PostIncidentReviewFactsModel {
  @Field({ description: 'Graph says a post-incident review is published (postIncidentReportAvailable).' })
  available: boolean;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the review was published: the lastModifiedDateTime of the first Graph version whose status is ' +
      'postIncidentReviewPublished; null when Beacon has no such version.',
  })
  publishedAt: Date | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Days from endedAt to publishedAt; null without either.',
  })
  daysAfterEnd: number | null;
}

@ObjectType('IncidentLevelChange', { description: "An entry of an incident's level timeline." })
export class IncidentLevelChangeModel {
  @Field({ description: "Graph's lastModifiedDateTime of the version, or the fallback post's time." })
  at: Date;

  @Field(() => ChannelEnum)
  channel: Channel;

  @Field(() => HealthLevelEnum)
  level: HealthLevel;

  @Field({ description: "Graph's status word (the closest one, for a fallback post)." })
  status: string;
}

@ObjectType('IncidentLevelTime')
export class IncidentLevelTimeModel {
  @Field(() => HealthLevelEnum)
  level: HealthLevel;

  @Field(() => Float)
  seconds: number;
}

@ObjectType('IncidentAnalysis', {
  description: 'What analysts measure of an incident; the same facts incidentStatistics sums up.',
})
export class IncidentAnalysisModel {
  @Field(() => Float, {
    nullable: true,
    description: 'Time to resolve: endedAt − startedAt (firstSeenAt without a start); null until resolved.',
  })
  durationSeconds: number | null;

  @Field(() => ChannelEnum, {
    nullable: true,
    description: 'The channel that spoke first (on a tie GRAPH, then STATUS_SITE, then X).',
  })
  firstChannel: Channel | null;

  @Field(() => [ChannelFirstWordModel], {
    description: 'Each channel that spoke of it, first word first.',
    complexity: listCost(LIST_SIZE.sightings),
  })
  firstWords: ChannelFirstWordModel[];

  @Field(() => Float, {
    nullable: true,
    description: "Graph's first word after the first word of any channel; null when Graph never spoke.",
  })
  graphLagSeconds: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'How long X or the status site carried it alone: until Graph spoke, or from their first to their last ' +
      'word when Graph never did; null when Graph spoke first.',
  })
  fallbackOnlySeconds: number | null;

  @Field(() => [UpdatePromiseModel], {
    description: '"Next update by" promises, oldest first.',
    complexity: listCost(LIST_SIZE.updates),
  })
  promises: UpdatePromiseModel[];

  @Field(() => [IncidentLevelChangeModel], {
    description:
      "The timeline timeAtLevel is measured on, oldest first: Graph's versions of the incident, or, when Graph " +
      'never gave one, the X and status-site posts that cited its id.',
    complexity: listCost(LIST_SIZE.updates),
  })
  levelChanges: IncidentLevelChangeModel[];

  @Field(() => [IncidentLevelTimeModel], {
    description:
      'Seconds at each level (all five, in order) over its life: from startedAt (firstSeenAt without a start) ' +
      'to endedAt, or now while open. Each entry of levelChanges holds until the next; before the first the ' +
      'level is UNKNOWN. Empty for a resolved incident without an end.',
  })
  timeAtLevel: IncidentLevelTimeModel[];

  @Field(() => PostIncidentReviewFactsModel)
  postIncidentReview: PostIncidentReviewFactsModel;
}
