import type { Channel, SourceState } from '#domain';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ChannelEnum, SourceStateEnum } from '../graphql/domain.enums.js';

@ObjectType('SourceHealth')
export class SourceHealthModel {
  @Field(() => ChannelEnum)
  channel: Channel;

  @Field(() => ID, { nullable: true, description: 'The tenant for GRAPH; null for the global channels.' })
  tenantId: string | null;

  @Field(() => SourceStateEnum)
  state: SourceState;

  @Field(() => Date, { nullable: true })
  lastAttemptAt: Date | null;

  @Field(() => Date, { nullable: true })
  lastSuccessAt: Date | null;

  @Field(() => Int)
  consecutiveFailures: number;

  @Field(() => String, {
    nullable: true,
    description: 'Short reason of the last failure; never contains secrets.',
  })
  lastError: string | null;

  @Field(() => Date, { nullable: true })
  nextAttemptAt: Date | null;
}
