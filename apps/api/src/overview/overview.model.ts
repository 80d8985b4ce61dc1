import type { HealthLevel } from '#domain';
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { HealthLevelEnum } from '../graphql/domain.enums.js';
import { LIST_SIZE, listCost } from '../graphql/query-cost.util.js';
import { SourceHealthModel } from '../sources/source-health.model.js';

@ObjectType('Overview', {
  description: 'The dashboard summary: one query for the page an admin opens during an outage.',
})
export class OverviewModel {
  @Field()
  generatedAt: Date;

  @Field({
    description:
      'True when GRAPH is not fresh for the tenant and status is carried by the fallback channels.',
  })
  degradedMode: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description: 'What the channels say about the admin center itself; null when nothing says.',
  })
  adminCenterReachable: boolean | null;

  @Field(() => HealthLevelEnum)
  worstLevel: HealthLevel;

  @Field(() => Int)
  activeIncidentCount: number;

  @Field(() => [SourceHealthModel], { complexity: listCost(LIST_SIZE.sources) })
  sources: SourceHealthModel[];
}
