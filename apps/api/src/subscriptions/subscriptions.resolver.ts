import { Args, Context, ID, Info, Resolver, Subscription } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { GraphqlContext } from '../graphql/graphql.context.js';
import { IncidentModel } from '../incidents/incident.model.js';
import { ServiceModel } from '../services/service.model.js';
import { TenantScopeService } from '../tenants/tenant-scope.service.js';
import { type LiveEvent, LiveChangesService, type SubscriptionContext } from './live-changes.service.js';

/** Each event is executed with its own loaders (see LiveEvent), once per group (see live-group.ts). */
function deliver<T>(event: LiveEvent<T>, _args: unknown, context: GraphqlContext): T {
  context.loaders = event.loaders;
  return event.value;
}

/** Counted against the connection's subscription limit while it runs (see auth/connection-limits.ts). */
function held<T>(context: GraphqlContext, events: AsyncIterableIterator<T>): AsyncIterableIterator<T> {
  return context.limits ? context.limits.hold(events) : events;
}

@Resolver()
export class SubscriptionsResolver {
  constructor(
    private readonly live: LiveChangesService,
    private readonly tenants: TenantScopeService,
  ) {}

  @Subscription(() => ServiceModel, {
    description: "Fires when a service's level, status or channel changes.",
    resolve: deliver,
  })
  serviceStatusChanged(
    @Args('tenantId', { type: () => ID, nullable: true }) tenantId: string | null,
    @Context() context: SubscriptionContext,
    @Info() info: GraphQLResolveInfo,
  ): AsyncIterableIterator<never> {
    const scope = this.tenants.resolve(tenantId, context.principal);
    return held(context, this.live.serviceStatusChanges(scope, context, info));
  }

  @Subscription(() => IncidentModel, {
    description: 'Fires when an incident is created, merged, or gets an update or a new status.',
    resolve: deliver,
  })
  incidentUpdated(
    @Args('tenantId', { type: () => ID, nullable: true }) tenantId: string | null,
    @Context() context: SubscriptionContext,
    @Info() info: GraphQLResolveInfo,
  ): AsyncIterableIterator<never> {
    const scope = this.tenants.resolve(tenantId, context.principal);
    return held(context, this.live.incidentUpdates(scope, context, info));
  }
}
