import { Field, ID, ObjectType } from '@nestjs/graphql';

/** A message-center post; `tenantIds` is resolved by MessageFieldsResolver. */
@ObjectType('Message')
export class MessageModel {
  @Field(() => ID, { description: 'Message center id, e.g. MC172851.' })
  id: string;

  @Field()
  title: string;

  @Field(() => String, { nullable: true })
  category: string | null;

  @Field(() => String, { nullable: true })
  severity: string | null;

  @Field(() => [String])
  tags: string[];

  @Field(() => [String])
  services: string[];

  @Field()
  isMajorChange: boolean;

  @Field(() => Date, { nullable: true })
  actionRequiredBy: Date | null;

  @Field(() => Date, { nullable: true })
  startedAt: Date | null;

  @Field(() => Date, { nullable: true })
  endsAt: Date | null;

  @Field()
  lastModifiedAt: Date;

  @Field({ description: 'Plain text of the body.' })
  body: string;
}
