import type { Channel, HealthLevel } from '#domain';
import { STATISTICS_GROUPINGS, type StatisticsGrouping } from '#persistence';
import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ChannelEnum, enumOf, HealthLevelEnum } from '../graphql/domain.enums.js';

// The groupings are what the statistics statement can group by; the API's users import them from here.
export { STATISTICS_GROUPINGS, type StatisticsGrouping };
export const StatisticsGroupingEnum = enumOf<StatisticsGrouping>(STATISTICS_GROUPINGS);

registerEnumType(StatisticsGroupingEnum, {
  name: 'StatisticsGrouping',
  description: 'What incident statistics are grouped by.',
  valuesMap: {
    SERVICE: { description: "The incident's service (key: the service id; label: its name)." },
    FEATURE_GROUP: { description: "Graph's featureGroup." },
    CLASSIFICATION: { description: 'INCIDENT, ADVISORY or UNKNOWN.' },
    MONTH: { description: 'The UTC month the incident started in (startedAt, else firstSeenAt): 2026-11.' },
    WEEK: { description: 'The ISO week the incident started in (UTC): 2026-W47.' },
    ORIGIN_CHANNEL: { description: 'The channel that spoke of the incident first.' },
  },
});

@ObjectType('DurationSummary', {
  description:
    'Durations in seconds over the items that have one; percentiles are nearest-rank (a value that occurred).',
})
export class DurationSummaryModel {
  @Field(() => Int, { description: 'How many items the figures are over.' })
  count: number;

  @Field(() => Float, { nullable: true })
  p50Seconds: number | null;

  @Field(() => Float, { nullable: true })
  p90Seconds: number | null;

  @Field(() => Float, { nullable: true })
  maxSeconds: number | null;
}

@ObjectType('DaySummary', {
  description: 'Spans in days over the items that have one; nearest-rank percentiles.',
})
export class DaySummaryModel {
  @Field(() => Int, { description: 'How many items the figures are over.' })
  count: number;

  @Field(() => Float, { nullable: true })
  p50Days: number | null;

  @Field(() => Float, { nullable: true })
  p90Days: number | null;

  @Field(() => Float, { nullable: true })
  maxDays: number | null;
}

@ObjectType('LevelTime', {
  description:
    "How long a group's incidents spent at one level, over their lives (see IncidentAnalysis.timeAtLevel).",
})
export class LevelTimeModel {
  @Field(() => HealthLevelEnum)
  level: HealthLevel;

  @Field(() => DurationSummaryModel, {
    description: 'Over the incidents that spent time at this level: how many, and how long each did.',
  })
  seconds: DurationSummaryModel;

  @Field(() => Float, { description: "The seconds of all the group's incidents at this level, added up." })
  totalSeconds: number;
}

@ObjectType('ChannelCount')
export class ChannelCountModel {
  @Field(() => ChannelEnum)
  channel: Channel;

  @Field(() => Int)
  incidentCount: number;
}

@ObjectType('CommunicationStatistics', { description: 'How Microsoft communicated, from the sightings.' })
export class CommunicationStatisticsModel {
  @Field(() => [ChannelCountModel], { description: 'How many incidents each channel spoke of first.' })
  firstWord: ChannelCountModel[];

  @Field(() => DurationSummaryModel, {
    description: "Graph's first word after the first word of any channel (0 when Graph spoke first).",
  })
  graphLag: DurationSummaryModel;

  @Field(() => DurationSummaryModel, {
    description:
      'Incidents that X or the status site carried alone, and for how long: until Graph spoke, or from the ' +
      'first to the last fallback word when Graph never did.',
  })
  fallbackOnly: DurationSummaryModel;

  @Field(() => Int, { description: 'Incidents that only X or the status site spoke of.' })
  neverOnGraphCount: number;
}

@ObjectType('PromiseStatistics', {
  description:
    '"Next update by" promises: kept when the next post on any channel came by that time, late when it ' +
    'came after, unanswered when the time passed with no later post, pending until then.',
})
export class PromiseStatisticsModel {
  @Field(() => Int)
  count: number;

  @Field(() => Int)
  keptCount: number;

  @Field(() => Int)
  lateCount: number;

  @Field(() => Int)
  unansweredCount: number;

  @Field(() => Int)
  pendingCount: number;

  @Field(() => DurationSummaryModel, { description: 'How late the late ones were.' })
  lateness: DurationSummaryModel;
}

@ObjectType('PostIncidentReviewStatistics')
export class PostIncidentReviewStatisticsModel {
  @Field(() => Int, { description: 'Incidents with a post-incident review (postIncidentReportAvailable).' })
  count: number;

  @Field(() => Float, { description: "Their share of the group's incidents (0 to 1)." })
  share: number;

  @Field(() => DaySummaryModel, {
    description:
      "From endedAt to the review's publication (the first Graph version whose status is " +
      'postIncidentReviewPublished, at its lastModifiedDateTime), over the incidents that have both.',
  })
  daysAfterEnd: DaySummaryModel;
}

@ObjectType('StatisticsGroup')
export class StatisticsGroupModel {
  @Field(() => String, {
    nullable: true,
    description: 'The value grouped by (a service id, a month, …); null for incidents without one.',
  })
  key: string | null;

  @Field(() => String, { nullable: true, description: 'A readable name of the key (a service name).' })
  label: string | null;

  @Field(() => Int)
  incidentCount: number;

  @Field(() => DurationSummaryModel, {
    description: 'endedAt − startedAt (firstSeenAt when Microsoft gave no start), over resolved incidents.',
  })
  timeToResolve: DurationSummaryModel;

  @Field(() => [LevelTimeModel], {
    description:
      'Time at each level, one entry per level (OPERATIONAL, INVESTIGATING, DEGRADED, INTERRUPTED, UNKNOWN).',
  })
  timeAtLevel: LevelTimeModel[];

  @Field(() => CommunicationStatisticsModel)
  communication: CommunicationStatisticsModel;

  @Field(() => PromiseStatisticsModel)
  promises: PromiseStatisticsModel;

  @Field(() => PostIncidentReviewStatisticsModel)
  postIncidentReviews: PostIncidentReviewStatisticsModel;
}

@ObjectType('IncidentStatistics', {
  description: 'Figures over the incidents that match a filter, as `incidents` would list them.',
})
export class IncidentStatisticsModel {
  @Field(() => StatisticsGroupingEnum)
  groupBy: StatisticsGrouping;

  @Field(() => StatisticsGroupModel, { description: 'Every matching incident, as one group (key null).' })
  total: StatisticsGroupModel;

  @Field(() => [StatisticsGroupModel], { description: 'Ordered by key; incidents without a key last.' })
  groups: StatisticsGroupModel[];
}
