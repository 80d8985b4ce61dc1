import { Args, Context, ID, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '../auth/principal.js';
import { OverviewModel } from './overview.model.js';
import { OverviewService } from './overview.service.js';

@Resolver(() => OverviewModel)
export class OverviewResolver {
  constructor(private readonly overviewService: OverviewService) {}

  @Query(() => OverviewModel)
  overview(
    @Args('tenantId', { type: () => ID, nullable: true }) tenantId: string | null,
    @Context('principal') principal: Principal,
  ): Promise<OverviewModel> {
    return this.overviewService.overview(tenantId, principal);
  }
}
