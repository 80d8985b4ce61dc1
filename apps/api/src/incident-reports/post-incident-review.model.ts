import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('PostIncidentReview', {
  description:
    "Microsoft's post-incident review (PIR) of an incident, kept as Graph streamed it once published: the " +
    'document (at `url`), its text and its six sections where they could be read.',
})
export class PostIncidentReviewModel {
  @Field(() => ID, {
    description: 'The Graph issue whose review it is (an incident may have had several ids).',
  })
  issueId: string;

  @Field({ description: 'When Beacon first saw Graph say the review is published.' })
  publishedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When Beacon fetched it; null until it has.' })
  fetchedAt: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'The download (GET, with the same key), once fetched: relative to the API origin.',
  })
  url: string | null;

  @Field(() => String, { nullable: true, description: 'What the document is, read from its bytes.' })
  mediaType: string | null;

  @Field(() => Int, { nullable: true, description: 'Bytes, as received.' })
  size: number | null;

  @Field(() => String, { nullable: true, description: 'SHA-256 (hex) of the bytes as received.' })
  sha256: string | null;

  @Field({ description: 'Whether its text could be read. A document that could not is kept all the same.' })
  parsed: boolean;

  @Field(() => String, { nullable: true, description: 'Why its text could not be read.' })
  parseError: string | null;

  @Field(() => String, { nullable: true, description: 'The whole text, as read.' })
  text: string | null;

  @Field(() => String, { nullable: true })
  userImpact: string | null;

  @Field(() => String, { nullable: true })
  scopeOfImpact: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The section "Incident Start-End Date and Time", as written.',
  })
  startEndTime: string | null;

  @Field(() => String, { nullable: true })
  rootCause: string | null;

  @Field(() => String, { nullable: true })
  actionsTaken: string | null;

  @Field(() => String, { nullable: true })
  nextSteps: string | null;
}
