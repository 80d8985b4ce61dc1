import type { Channel, HealthLevel, IncidentClassification } from '#domain';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ChannelEnum, HealthLevelEnum, IncidentClassificationEnum } from '../graphql/domain.enums.js';
import type { TenantScope } from '../tenants/tenant-scope.type.js';

/** When a channel first and last spoke of an incident. */
@ObjectType('ChannelSighting', { description: 'When a channel first and last spoke of an incident.' })
export class ChannelSightingModel {
  @Field(() => ChannelEnum)
  channel: Channel;

  @Field()
  firstSeenAt: Date;

  @Field()
  lastSeenAt: Date;
}

@ObjectType('IncidentUpdate', { description: "One post on an incident's timeline, from any channel." })
export class IncidentUpdateModel {
  @Field(() => ID)
  id: string;

  @Field(() => ChannelEnum)
  channel: Channel;

  @Field()
  postedAt: Date;

  @Field({ description: 'Plain text.' })
  text: string;

  @Field(() => String, { nullable: true, description: "The channel's HTML, where it gave HTML." })
  html: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Graph's postType (regular, quick, strategic) or a channel-specific kind.",
  })
  kind: string | null;
}

/**
 * One event, whatever the channels that spoke of it. `aliases`, `tenantIds`, `service`, `sightings` and
 * `updates` are resolved by IncidentFieldsResolver through the request's loaders.
 */
@ObjectType('Incident')
export class IncidentModel {
  /** The row's uuid: the key of the loaders, never shown. */
  key: string;

  /** The tenant whose view this incident was read in: its service's status is that tenant's. */
  scope: TenantScope;

  serviceId: string | null;

  @Field(() => ID, {
    description: "Microsoft's id (e.g. EX1234567) once known; otherwise a provisional id of this system.",
  })
  id: string;

  @Field()
  title: string;

  @Field(() => String, {
    nullable: true,
    description: 'Display name as the channels gave it, also when no Service matches.',
  })
  serviceName: string | null;

  @Field(() => String, { nullable: true })
  feature: string | null;

  @Field(() => String, { nullable: true })
  featureGroup: string | null;

  @Field(() => IncidentClassificationEnum)
  classification: IncidentClassification;

  @Field({
    description: "Graph's serviceHealthStatus word, or the closest word derived from a fallback channel.",
  })
  status: string;

  @Field(() => HealthLevelEnum)
  level: HealthLevel;

  @Field()
  isResolved: boolean;

  @Field(() => String, { nullable: true })
  impactDescription: string | null;

  @Field(() => Date, { nullable: true })
  startedAt: Date | null;

  @Field(() => Date, { nullable: true })
  endedAt: Date | null;

  @Field({ description: 'First time any channel spoke of it.' })
  firstSeenAt: Date;

  @Field()
  lastUpdatedAt: Date;

  @Field({ description: 'True while only fallback channels (STATUS_SITE, X) know of it.' })
  provisional: boolean;

  @Field()
  postIncidentReportAvailable: boolean;
}
