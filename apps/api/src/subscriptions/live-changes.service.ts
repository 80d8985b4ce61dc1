import type { ChangeNotice } from '#domain';
import { IncidentsRepository, ServicesRepository } from '#persistence';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { GraphQLResolveInfo } from 'graphql';
import { GraphqlErrorFormatter } from '../errors/graphql-error.formatter.js';
import type { GraphqlContext } from '../graphql/graphql.context.js';
import { RequestLoadersFactory, type RequestLoaders } from '../graphql/request-loaders.factory.js';
import { toIncidentModel } from '../incidents/incident.mapper.js';
import type { IncidentModel } from '../incidents/incident.model.js';
import { toServiceModel } from '../services/service.mapper.js';
import type { ServiceModel } from '../services/service.model.js';
import type { TenantScope } from '../tenants/tenant-scope.type.js';
import { ChangeListener } from './change.listener.js';
import { type FormatErrors, groupKey, LiveGroup, type LiveSubscriber, messagePrefix } from './live-group.js';
import { OpenSubscription } from './open-subscription.js';
import { SubscriberSockets } from './subscriber-sockets.js';

/**
 * One event for every subscriber of one tenant view, with loaders of its own: a subscription lives for
 * hours, and its nested fields must be read fresh for every event, never from an earlier event's cache.
 * The groups of a view share the event, so that its nested fields are read once (the loaders cache what
 * the first group's execution read) whatever the audience. The loaders hold rows, not answers: what a
 * caller may see of them (`tenantIds`, read through the caller's key) is decided per group.
 */
export interface LiveEvent<T> {
  value: T;
  loaders: RequestLoaders;
}

/** What Mercurius adds to a subscription's context: its upgrade request and the subscription's id. */
export type SubscriptionContext = GraphqlContext & { request?: FastifyRequest; id?: string | number };

/**
 * Turns change notices into subscription events: each changed row is read once per notice, its nested
 * fields once per tenant view, and the event is executed and serialised once per group of subscribers
 * that asked for the same thing (live-group.ts), whatever the number of subscribers; it goes to those
 * whose tenant sees it.
 */
@Injectable()
export class LiveChangesService implements OnModuleDestroy {
  private readonly logger = new Logger(LiveChangesService.name);
  private readonly incidentGroups = new Map<string, LiveGroup>();
  private readonly serviceGroups = new Map<string, LiveGroup>();
  private readonly stopListening: () => void;
  private readonly formatErrors: FormatErrors;
  private delivering: Promise<void> = Promise.resolve();

  constructor(
    listener: ChangeListener,
    private readonly incidents: IncidentsRepository,
    private readonly services: ServicesRepository,
    private readonly loaders: RequestLoadersFactory,
    private readonly sockets: SubscriberSockets,
    errors: GraphqlErrorFormatter,
  ) {
    this.formatErrors = (result, context) =>
      errors.format(result as Parameters<typeof errors.format>[0], context as never).response;
    // One delivery at a time, in the order PostgreSQL announced the commits: a later read finishing first
    // would leave subscribers on an older state.
    this.stopListening = listener.subscribe((notice) => {
      this.delivering = this.delivering.then(() => this.deliver(notice));
    });
  }

  onModuleDestroy(): void {
    this.stopListening();
  }

  incidentUpdates(
    scope: TenantScope,
    context: SubscriptionContext,
    info: GraphQLResolveInfo,
  ): AsyncIterableIterator<never> {
    return this.add(this.incidentGroups, scope, context, info);
  }

  serviceStatusChanges(
    scope: TenantScope,
    context: SubscriptionContext,
    info: GraphQLResolveInfo,
  ): AsyncIterableIterator<never> {
    return this.add(this.serviceGroups, scope, context, info);
  }

  /** The subscriptions this process holds, and their groups: none once their connections have closed. */
  held(): { subscribers: number; groups: number } {
    const groups = [...this.incidentGroups.values(), ...this.serviceGroups.values()];
    return {
      subscribers: groups.reduce((sum, group) => sum + group.members.size, 0),
      groups: groups.length,
    };
  }

  private add(
    groups: Map<string, LiveGroup>,
    scope: TenantScope,
    context: SubscriptionContext,
    info: GraphQLResolveInfo,
  ): OpenSubscription {
    const socket = this.sockets.of(context.request);
    // Mercurius runs subscriptions over WebSocket only, and always gives them an id.
    if (!socket || context.id === undefined) throw new Error('a subscription without its WebSocket');
    const key = groupKey(info, context, scope);
    let group = groups.get(key);
    if (!group) {
      group = new LiveGroup(scope, info);
      groups.set(key, group);
    }
    const joined = group;
    const subscriber: LiveSubscriber = { socket, prefix: messagePrefix(socket, context.id), context };
    joined.members.add(subscriber);
    return new OpenSubscription(() => {
      joined.members.delete(subscriber);
      if (joined.members.size === 0 && groups.get(key) === joined) groups.delete(key);
    });
  }

  private async deliver(notice: ChangeNotice): Promise<void> {
    try {
      if (notice.type === 'incident') await this.deliverIncident(notice.incidentId);
      else if (notice.type === 'serviceStatus')
        await this.deliverServiceStatus(notice.tenantId, notice.serviceId);
    } catch (error) {
      this.logger.warn({ notice, error: String(error) }, 'could not deliver a change to subscribers');
    }
  }

  private async deliverIncident(key: string): Promise<void> {
    if (this.incidentGroups.size === 0) return;
    // Gone when it was merged into another incident: that one's notice follows.
    const record = await this.incidents.findByKey(key);
    if (!record) return;
    const events = new Map<TenantScope, LiveEvent<IncidentModel>>();
    const sent: Array<Promise<void>> = [];
    for (const group of this.incidentGroups.values()) {
      const { scope } = group;
      // The tenant's view, as in IncidentsRepository (`tenantView`): its Graph's incidents and provisional ones.
      if (scope !== null && !record.provisional && !record.tenantIds.includes(scope)) continue;
      let event = events.get(scope);
      if (!event) {
        event = { value: toIncidentModel(record, scope), loaders: this.loaders.create() };
        events.set(scope, event);
      }
      sent.push(group.send(event, this.formatErrors));
    }
    await Promise.all(sent);
  }

  private async deliverServiceStatus(tenantId: string | null, serviceId: string): Promise<void> {
    const listening = [...this.serviceGroups.values()].filter((group) => group.scope === tenantId);
    if (listening.length === 0) return;
    const [record] = await this.services.statusesInScope(tenantId, [serviceId]);
    if (!record) return;
    const event: LiveEvent<ServiceModel> = {
      value: toServiceModel(record, tenantId),
      loaders: this.loaders.create(),
    };
    await Promise.all(listening.map((group) => group.send(event, this.formatErrors)));
  }
}
