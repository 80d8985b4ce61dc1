import { Field, ID, InputType } from '@nestjs/graphql';

@InputType('MessageFilter')
export class MessageFilterInput {
  @Field(() => ID, { nullable: true })
  tenantId?: string | null;

  @Field(() => [String], { nullable: true })
  services?: string[] | null;

  @Field(() => String, { nullable: true })
  category?: string | null;

  @Field(() => Boolean, { nullable: true })
  majorChangeOnly?: boolean | null;

  @Field(() => String, { nullable: true })
  search?: string | null;
}
