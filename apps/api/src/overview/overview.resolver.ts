import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { OverviewModel } from './overview.model.js';
import { OverviewService } from './overview.service.js';

@Resolver(() => OverviewModel)
export class OverviewResolver {
  constructor(private readonly overviewService: OverviewService) {}

  @Query(() => OverviewModel)
  overview(
    @Args('tenantId', { type: () => ID, nullable: true }) tenantId: string | null,
  ): Promise<OverviewModel> {
    return this.overviewService.overview(tenantId);
  }
}
