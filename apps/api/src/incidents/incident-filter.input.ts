import type { Channel, IncidentClassification } from '#domain';
import { Field, ID, InputType } from '@nestjs/graphql';
import { ChannelEnum, IncidentClassificationEnum } from '../graphql/domain.enums.js';

@InputType('IncidentFilter')
export class IncidentFilterInput {
  @Field(() => ID, { nullable: true })
  tenantId?: string | null;

  @Field(() => [ID], { nullable: true })
  serviceIds?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'true: unresolved only; false: resolved only.' })
  active?: boolean | null;

  @Field(() => IncidentClassificationEnum, { nullable: true })
  classification?: IncidentClassification | null;

  @Field(() => ChannelEnum, { nullable: true, description: 'Only incidents this channel spoke of.' })
  channel?: Channel | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Incidents whose [startedAt, endedAt or now] overlaps [from, to].',
  })
  from?: Date | null;

  @Field(() => Date, { nullable: true })
  to?: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'Full-text search over titles, impact descriptions and updates.',
  })
  search?: string | null;
}
