import { Context, Query, Resolver } from '@nestjs/graphql';
import { tenantRecordVisible } from '#domain';
import type { Principal } from '../auth/principal.js';
import { LIST_SIZE, listCost } from '../graphql/query-cost.util.js';
import { SourceHealthModel } from './source-health.model.js';
import { toSourceHealthModel } from './source.mapper.js';
import { SourcesRepository } from '#persistence';

@Resolver(() => SourceHealthModel)
export class SourcesResolver {
  constructor(private readonly sourcesRepository: SourcesRepository) {}

  @Query(() => [SourceHealthModel], { complexity: listCost(LIST_SIZE.sources) })
  async sources(@Context('principal') principal: Principal): Promise<SourceHealthModel[]> {
    return (await this.sourcesRepository.list())
      .filter((source) => tenantRecordVisible(principal.tenantIds, source.tenantId))
      .map(toSourceHealthModel);
  }
}
