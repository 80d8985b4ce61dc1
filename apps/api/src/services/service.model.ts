import type { Channel, HealthLevel } from '#domain';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ChannelEnum, HealthLevelEnum } from '../graphql/domain.enums.js';
import type { TenantScope } from '../tenants/tenant-scope.type.js';

@ObjectType('ServiceStatus')
export class ServiceStatusModel {
  @Field(() => HealthLevelEnum)
  level: HealthLevel;

  @Field({
    description: "The upstream word behind the level, e.g. serviceDegradation, or the status site's word.",
  })
  status: string;

  @Field(() => ChannelEnum, { description: 'The channel this status comes from.' })
  channel: Channel;

  @Field({ description: 'When that channel last confirmed this status.' })
  observedAt: Date;

  @Field({ description: 'True when the authoritative channel (GRAPH) is not fresh for this service.' })
  stale: boolean;
}

/** A service as one tenant sees it; `activeIncidents` is resolved by ServiceFieldsResolver. */
@ObjectType('Service')
export class ServiceModel {
  /** The tenant whose view this is: its active incidents are those this tenant sees. */
  scope: TenantScope;

  @Field(() => ID, { description: "Graph's service id, e.g. Exchange, microsoftteams, OSDPPlatform." })
  id: string;

  @Field({ description: 'Display name, e.g. Exchange Online.' })
  name: string;

  @Field(() => ServiceStatusModel)
  status: ServiceStatusModel;
}
