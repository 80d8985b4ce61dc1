import { Args, Context, ID, Info, Int, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { type Principal, readableTenants } from '../auth/principal.js';
import type { GraphqlContext } from '../graphql/graphql.context.js';
import { scopedKey } from '../graphql/loader.util.js';
import { LIST_SIZE, listCost, pageCost } from '../graphql/query-cost.util.js';
import { selectsField } from '../graphql/selection.util.js';
import { ServiceModel } from '../services/service.model.js';
import { IncidentConnectionModel } from './incident-connection.model.js';
import { IncidentFilterInput } from './incident-filter.input.js';
import { ChannelSightingModel, IncidentModel, IncidentUpdateModel } from './incident.model.js';
import { IncidentsService } from './incidents.service.js';

/**
 * `incidents` and `incident`, and the nested fields of Incident. The field resolvers take GraphQL's own
 * arguments (no parameter decorators), which lets Nest call them directly, without its per-call context.
 */
@Resolver(() => IncidentModel)
export class IncidentsResolver {
  constructor(private readonly incidentsService: IncidentsService) {}

  @Query(() => IncidentConnectionModel, {
    description: 'Newest first (by lastUpdatedAt, then id).',
    complexity: pageCost,
  })
  incidents(
    @Args('filter', { type: () => IncidentFilterInput, nullable: true }) filter: IncidentFilterInput | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Context('principal') principal: Principal,
    @Info() info: GraphQLResolveInfo,
  ): Promise<IncidentConnectionModel> {
    return this.incidentsService.list(filter, first, after, principal, selectsField(info, 'totalCount'));
  }

  @Query(() => IncidentModel, {
    nullable: true,
    description: 'Also finds an incident by any of its aliases.',
  })
  incident(
    @Args('id', { type: () => ID }) id: string,
    @Args('tenantId', { type: () => ID, nullable: true }) tenantId: string | null,
    @Context('principal') principal: Principal,
  ): Promise<IncidentModel | null> {
    return this.incidentsService.find(id, tenantId, principal);
  }

  @ResolveField(() => [ID], {
    description: 'Every other id this incident has been known by (a provisional id, a second Microsoft id).',
  })
  async aliases(incident: IncidentModel, _args: unknown, { loaders }: GraphqlContext): Promise<string[]> {
    const references = await loaders.incidents.references.load(incident.key);
    return references.filter((reference) => reference !== incident.id);
  }

  @ResolveField(() => [ID], {
    description: 'Tenants whose Graph Service health lists it; empty while only global channels know of it.',
  })
  async tenantIds(
    incident: IncidentModel,
    _args: unknown,
    { loaders, principal }: GraphqlContext,
  ): Promise<string[]> {
    return readableTenants(principal, await loaders.incidents.tenantIds.load(incident.key));
  }

  @ResolveField(() => ServiceModel, { nullable: true })
  service(
    incident: IncidentModel,
    _args: unknown,
    { loaders }: GraphqlContext,
  ): Promise<ServiceModel | null> | null {
    return incident.serviceId
      ? loaders.services.inScope.load(scopedKey(incident.scope, incident.serviceId))
      : null;
  }

  @ResolveField(() => [ChannelSightingModel], { complexity: listCost(LIST_SIZE.sightings) })
  sightings(
    incident: IncidentModel,
    _args: unknown,
    { loaders }: GraphqlContext,
  ): Promise<ChannelSightingModel[]> {
    return loaders.incidents.sightings.load(incident.key);
  }

  @ResolveField(() => [IncidentUpdateModel], {
    description: 'All posts from all channels, oldest first, without duplicates.',
    complexity: listCost(LIST_SIZE.updates),
  })
  updates(
    incident: IncidentModel,
    _args: unknown,
    { loaders }: GraphqlContext,
  ): Promise<IncidentUpdateModel[]> {
    return loaders.incidents.updates.load(incident.key);
  }
}

@Resolver(() => IncidentConnectionModel)
export class IncidentConnectionResolver {
  @ResolveField(() => Int)
  totalCount(connection: IncidentConnectionModel): Promise<number> {
    return connection.countTotal();
  }
}
