import { Args, Context, ID, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Principal } from '../auth/principal.js';
import type { GraphqlContext } from '../graphql/graphql.context.js';
import { scopedKey } from '../graphql/loader.util.js';
import { LIST_SIZE, listCost } from '../graphql/query-cost.util.js';
import { IncidentModel } from '../incidents/incident.model.js';
import { ServiceModel } from './service.model.js';
import { ServicesService } from './services.service.js';

@Resolver(() => ServiceModel)
export class ServicesResolver {
  constructor(private readonly servicesService: ServicesService) {}

  @Query(() => [ServiceModel], { complexity: listCost(LIST_SIZE.services) })
  services(
    @Args('tenantId', { type: () => ID, nullable: true }) tenantId: string | null,
    @Context('principal') principal: Principal,
  ): Promise<ServiceModel[]> {
    return this.servicesService.list(tenantId, principal);
  }

  @Query(() => ServiceModel, { nullable: true })
  service(
    @Args('id', { type: () => ID }) id: string,
    @Args('tenantId', { type: () => ID, nullable: true }) tenantId: string | null,
    @Context('principal') principal: Principal,
  ): Promise<ServiceModel | null> {
    return this.servicesService.find(id, tenantId, principal);
  }

  @ResolveField(() => [IncidentModel], { complexity: listCost(LIST_SIZE.activeIncidents) })
  activeIncidents(
    service: ServiceModel,
    _args: unknown,
    { loaders }: GraphqlContext,
  ): Promise<IncidentModel[]> {
    return loaders.incidents.activeOfService.load(scopedKey(service.scope, service.id));
  }
}
