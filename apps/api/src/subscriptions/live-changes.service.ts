import type { ChangeNotice } from '#domain';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { RequestLoadersFactory, type RequestLoaders } from '../graphql/request-loaders.factory.js';
import { toIncidentModel } from '../incidents/incident.mapper.js';
import type { IncidentModel } from '../incidents/incident.model.js';
import { IncidentsRepository } from '../incidents/incidents.repository.js';
import { toServiceModel } from '../services/service.mapper.js';
import type { ServiceModel } from '../services/service.model.js';
import { ServicesRepository } from '../services/services.repository.js';
import type { TenantScope } from '../tenants/tenant-scope.type.js';
import { ChangeListener } from './change.listener.js';
import { EventQueue } from './event.queue.js';

/**
 * One event for every subscriber of one tenant view, with loaders of its own: a subscription lives for
 * hours, and its nested fields must be read fresh for every event, never from an earlier event's cache.
 * The subscribers of a view share the event, so that its nested fields are read once (the loaders cache
 * what the first subscriber's execution read) whatever the audience. The loaders hold rows, not answers:
 * what a caller may see of them (`tenantIds`, read through the caller's key) is decided per subscriber.
 */
export interface LiveEvent<T> {
  value: T;
  loaders: RequestLoaders;
}

interface Subscriber<T> {
  scope: TenantScope;
  queue: EventQueue<LiveEvent<T>>;
}

/**
 * Turns change notices into subscription events: each changed row is read once per notice, and its nested
 * fields once per tenant view, whatever the number of subscribers; the event goes to those whose tenant
 * sees it.
 */
@Injectable()
export class LiveChangesService implements OnModuleDestroy {
  private readonly logger = new Logger(LiveChangesService.name);
  private readonly incidentSubscribers = new Set<Subscriber<IncidentModel>>();
  private readonly serviceSubscribers = new Set<Subscriber<ServiceModel>>();
  private readonly stopListening: () => void;
  private delivering: Promise<void> = Promise.resolve();

  constructor(
    listener: ChangeListener,
    private readonly incidents: IncidentsRepository,
    private readonly services: ServicesRepository,
    private readonly loaders: RequestLoadersFactory,
  ) {
    // One delivery at a time, in the order PostgreSQL announced the commits: a later read finishing first
    // would leave subscribers on an older state.
    this.stopListening = listener.subscribe((notice) => {
      this.delivering = this.delivering.then(() => this.deliver(notice));
    });
  }

  onModuleDestroy(): void {
    this.stopListening();
  }

  incidentUpdates(scope: TenantScope): AsyncIterableIterator<LiveEvent<IncidentModel>> {
    return this.add(this.incidentSubscribers, scope);
  }

  serviceStatusChanges(scope: TenantScope): AsyncIterableIterator<LiveEvent<ServiceModel>> {
    return this.add(this.serviceSubscribers, scope);
  }

  private add<T>(subscribers: Set<Subscriber<T>>, scope: TenantScope): EventQueue<LiveEvent<T>> {
    const subscriber: Subscriber<T> = { scope, queue: new EventQueue(() => subscribers.delete(subscriber)) };
    subscribers.add(subscriber);
    return subscriber.queue;
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
    if (this.incidentSubscribers.size === 0) return;
    // Gone when it was merged into another incident: that one's notice follows.
    const record = await this.incidents.findByKey(key);
    if (!record) return;
    const events = new Map<TenantScope, LiveEvent<IncidentModel>>();
    for (const { scope, queue } of this.incidentSubscribers) {
      // The tenant's view, as in IncidentsRepository (`tenantView`): its Graph's incidents and provisional ones.
      if (scope !== null && !record.provisional && !record.tenantIds.includes(scope)) continue;
      let event = events.get(scope);
      if (!event) {
        event = { value: toIncidentModel(record, scope), loaders: this.loaders.create() };
        events.set(scope, event);
      }
      queue.push(event);
    }
  }

  private async deliverServiceStatus(tenantId: string | null, serviceId: string): Promise<void> {
    const listeners = [...this.serviceSubscribers].filter((subscriber) => subscriber.scope === tenantId);
    if (listeners.length === 0) return;
    const [record] = await this.services.statusesInScope(tenantId, [serviceId]);
    if (!record) return;
    const event = { value: toServiceModel(record, tenantId), loaders: this.loaders.create() };
    for (const { queue } of listeners) queue.push(event);
  }
}
