import { type BeaconConfig, BEACON_CONFIG } from '#config';
import { TenantEntity } from '#persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ZodError } from 'zod';
import { notifyChanges } from './change.notifier.js';
import type { CorrelationContext, SignalToApply } from './correlation-context.js';
import { applyFallbackPost } from './fallback-post.correlator.js';
import { applyGraphHealthOverview } from './graph-health-overview.correlator.js';
import { applyGraphIssues } from './graph-issue.correlator.js';
import { applyGraphMessage } from './graph-message.correlator.js';
import { globalServiceStatus, sameGlobalStatus } from './global-service-status.js';
import { IncidentStore } from './incident.store.js';
import { lockIngest } from './ingest.lock.js';
import { ServiceCatalog } from './service.catalog.js';
import { refreshServiceStatuses } from './service-status.refresher.js';
import { readStatusSiteSignal } from './status-site-post.reader.js';
import { readXSignal } from './x-post.reader.js';

export interface CorrelationResult {
  /** Incidents created or changed (uuid). */
  incidentIds: string[];
  serviceStatusChanges: Array<{ tenantId: string; serviceId: string }>;
}

/**
 * Turns new raw signals into incidents, updates, sightings and service statuses, inside the transaction
 * that stored them, and announces what changed.
 */
@Injectable()
export class CorrelationService {
  private readonly logger = new Logger(CorrelationService.name);

  constructor(@Inject(BEACON_CONFIG) private readonly config: BeaconConfig) {}

  /**
   * @param scope the tenant whose Graph was just polled, or null after a global channel's poll: its
   *   service statuses are recomputed even when nothing new arrived (Graph may be fresh again).
   */
  async apply(
    manager: EntityManager,
    signals: SignalToApply[],
    now: Date,
    scope: string | null,
  ): Promise<CorrelationResult> {
    await lockIngest(manager);
    const context = await this.correlate(manager, signals, scope);
    return this.finish(context, now);
  }

  /** Recomputes statuses when time alone changes them (Graph going stale), and announces changes. */
  async refreshStatuses(manager: EntityManager, now: Date): Promise<CorrelationResult> {
    await lockIngest(manager);
    return this.finish(this.context(manager, null), now);
  }

  /** The incidents and evidence of one poll's signals again, without announcing anything (a rebuild). */
  async replay(manager: EntityManager, signals: SignalToApply[]): Promise<void> {
    await this.correlate(manager, signals, null);
  }

  private async correlate(
    manager: EntityManager,
    signals: SignalToApply[],
    scope: string | null,
  ): Promise<CorrelationContext> {
    const context = this.context(manager, scope);
    const ordered = inCorrelationOrder(signals);
    // A poll's Graph issues go together: a first poll brings thousands.
    const issues = ordered.filter((signal) => signal.kind === 'graph.issue');
    for (const signal of await applyGraphIssues(context, issues)) this.skip(signal, 'unreadable payload');
    for (const signal of ordered.filter((s) => s.kind !== 'graph.issue')) {
      try {
        await this.applyOne(context, signal);
      } catch (error) {
        // A payload correlation can't read is kept as a raw signal (a rebuild can read it once the
        // reader learns its shape); it must not cost the rest of the poll.
        if (!(error instanceof ZodError)) throw error;
        this.skip(signal, error.message);
      }
    }
    return context;
  }

  private skip(signal: SignalToApply, reason: string): void {
    this.logger.warn({ signal: signal.id, kind: signal.kind, error: reason }, 'signal not correlated');
  }

  private context(manager: EntityManager, scope: string | null): CorrelationContext {
    return {
      manager,
      incidents: new IncidentStore(manager),
      services: new ServiceCatalog(manager),
      changed: new Set(),
      statusScopes: new Set([scope]),
      globalStatusBefore: new Map(),
    };
  }

  private async applyOne(context: CorrelationContext, signal: SignalToApply): Promise<void> {
    switch (signal.kind) {
      case 'graph.healthOverview':
        return applyGraphHealthOverview(context, signal);
      case 'graph.message':
        return applyGraphMessage(context, signal);
      case 'x.post': {
        const post = readXSignal(signal);
        return post ? applyFallbackPost(context, signal, post) : undefined;
      }
      case 'statusSite.post':
      case 'statusSite.feedItem': {
        const post = readStatusSiteSignal(signal);
        return post ? applyFallbackPost(context, signal, post) : undefined;
      }
    }
  }

  private async finish(context: CorrelationContext, now: Date): Promise<CorrelationResult> {
    const serviceStatusChanges = await refreshServiceStatuses(
      context.manager,
      context.statusScopes,
      now,
      this.config.graph.staleSeconds,
    );
    const globalChanges = await this.globalStatusChanges(context);
    await notifyChanges(context.manager, context.changed, [...serviceStatusChanges, ...globalChanges]);
    return { incidentIds: [...context.changed], serviceStatusChanges };
  }

  /**
   * Without Graph tenants there are no stored statuses; subscribers of the global view still hear when the
   * fallback channels change a service's level, word or channel.
   */
  private async globalStatusChanges(
    context: CorrelationContext,
  ): Promise<Array<{ tenantId: null; serviceId: string }>> {
    if (context.globalStatusBefore.size === 0 || (await context.manager.count(TenantEntity)) > 0) return [];
    const changes: Array<{ tenantId: null; serviceId: string }> = [];
    for (const [serviceId, before] of context.globalStatusBefore) {
      const after = await globalServiceStatus(context.manager, serviceId);
      if (!sameGlobalStatus(before, after)) changes.push({ tenantId: null, serviceId });
    }
    return changes;
  }
}

/** Oldest first, so that later posts win; ties in a stable order, so that a rebuild gives the same result. */
function inCorrelationOrder(signals: SignalToApply[]): SignalToApply[] {
  const time = (s: SignalToApply) => (s.publishedAt ?? s.observedAt).getTime();
  return [...signals].sort((a, b) => time(a) - time(b) || Number(BigInt(a.id) - BigInt(b.id)));
}
