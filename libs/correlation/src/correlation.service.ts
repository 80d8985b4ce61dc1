import { type BeaconConfig, BEACON_CONFIG } from '#config';
import { type LoggedSignal, StatusTenantsRepository } from '#persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ZodError } from 'zod';
import { notifyChanges } from './change.notifier.js';
import type { CorrelationContext, SignalToApply } from './correlation-context.js';
import { applyFallbackPost } from './fallback-post.correlator.js';
import { applyGraphHealthOverviews } from './graph-health-overview.correlator.js';
import { applyGraphIssues } from './graph-issue.correlator.js';
import { applyGraphMessages } from './graph-message.correlator.js';
import { type GlobalStatus, globalServiceStatus, sameGlobalStatus } from './global-service-status.js';
import { recordLevelChanges } from './incident-level.writer.js';
import { IncidentStore } from './incident.store.js';
import { MessageStore } from './message.store.js';
import { ServiceCatalog } from './service.catalog.js';
import { writeEvidence } from './service-evidence.writer.js';
import { refreshServiceStatuses } from './service-status.refresher.js';
import { readStatusSiteSignal } from './status-site-post.reader.js';
import { readXSignal } from './x-post.reader.js';

const statusTenants = new StatusTenantsRepository();

export interface CorrelationResult {
  /** Incidents created or changed (uuid). */
  incidentIds: string[];
  serviceStatusChanges: Array<{ tenantId: string; serviceId: string }>;
  /** Services whose status in the global view changed (a Beacon without Graph tenants), for notifications. */
  globalStatusChanges?: GlobalStatusChange[];
}

export interface GlobalStatusChange {
  serviceId: string;
  before: GlobalStatus | null;
  after: GlobalStatus | null;
}

/**
 * The fold: raw signals, a poll's worth at a time and in log order, become incidents, updates,
 * sightings, messages and evidence; then statuses are recomputed and what changed is announced, in the
 * caller's transaction. Only the correlator (and a rebuild, which is the same steps from the start) calls it.
 */
@Injectable()
export class CorrelationService {
  private readonly logger = new Logger(CorrelationService.name);

  constructor(@Inject(BEACON_CONFIG) private readonly config: BeaconConfig) {}

  /** A fresh record of what one step changes. */
  context(manager: EntityManager): CorrelationContext {
    return {
      manager,
      incidents: new IncidentStore(manager),
      messages: new MessageStore(manager),
      services: new ServiceCatalog(manager),
      changed: new Set(),
      statusScopes: new Set(),
      tenantEvidence: new Map(),
      fallbackEvidence: new Map(),
      globalStatusBefore: new Map(),
      folded: false,
    };
  }

  /** Applies signals in log order, each poll's signals together. */
  async fold(context: CorrelationContext, signals: LoggedSignal[]): Promise<void> {
    if (signals.length > 0) context.folded = true;
    for (const poll of byPoll(signals)) {
      await this.applyPoll(
        context,
        poll.filter((signal) => signal.unreadable === null),
      );
    }
    for (const id of await context.incidents.flush()) context.changed.add(id);
    await context.messages.flush();
    await writeEvidence(context);
    await recordLevelChanges(
      context.manager,
      signals.filter((signal) => signal.unreadable === null),
    );
  }

  /**
   * Recomputes the statuses of the scopes the fold touched, and of `alsoScopes` (tenants whose Graph
   * freshness changed, or null for every tenant), as of `now`; announces every change.
   */
  async finish(
    context: CorrelationContext,
    now: Date,
    alsoScopes: Iterable<string | null> = [],
  ): Promise<CorrelationResult> {
    const scopes = new Set([...context.statusScopes, ...alsoScopes]);
    const serviceStatusChanges = await refreshServiceStatuses(
      context.manager,
      scopes,
      now,
      this.config.graph.staleSeconds,
    );
    const globalChanges = await this.globalStatusChanges(context);
    await notifyChanges(
      context.manager,
      context.changed,
      [...serviceStatusChanges, ...globalChanges.map(({ serviceId }) => ({ tenantId: null, serviceId }))],
      context.folded,
    );
    return { incidentIds: [...context.changed], serviceStatusChanges, globalStatusChanges: globalChanges };
  }

  private async applyPoll(context: CorrelationContext, signals: SignalToApply[]): Promise<void> {
    const ordered = inCorrelationOrder(signals);
    // A poll's Graph answers go together, kind by kind: a first poll brings thousands.
    const ofKind = (kind: string) => ordered.filter((signal) => signal.kind === kind);
    const unreadable = [
      ...(await applyGraphHealthOverviews(context, ofKind('graph.healthOverview'))),
      ...(await applyGraphIssues(context, ofKind('graph.issue'))),
      ...(await applyGraphMessages(context, ofKind('graph.message'))),
    ];
    for (const signal of unreadable) this.skip(signal, 'unreadable payload');
    for (const signal of ordered.filter((s) => !s.kind.startsWith('graph.'))) {
      try {
        await this.applyOne(context, signal);
      } catch (error) {
        // A payload correlation can't read is kept as a raw signal (a rebuild can read it once the
        // reader learns its shape); it must not cost the rest of the log.
        if (!(error instanceof ZodError)) throw error;
        this.skip(signal, error.message);
      }
    }
  }

  private skip(signal: SignalToApply, reason: string): void {
    this.logger.warn({ signal: signal.id, kind: signal.kind, error: reason }, 'signal not correlated');
  }

  private async applyOne(context: CorrelationContext, signal: SignalToApply): Promise<void> {
    switch (signal.kind) {
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

  /**
   * Without Graph tenants there are no stored statuses; subscribers of the global view still hear when the
   * fallback channels change a service's level, word or channel.
   */
  private async globalStatusChanges(context: CorrelationContext): Promise<GlobalStatusChange[]> {
    if (context.globalStatusBefore.size === 0 || (await statusTenants.any(context.manager))) return [];
    const changes: GlobalStatusChange[] = [];
    for (const [serviceId, before] of context.globalStatusBefore) {
      const after = await globalServiceStatus(context.manager, serviceId);
      if (!sameGlobalStatus(before, after)) changes.push({ serviceId, before, after });
    }
    return changes;
  }
}

/** The log's signals, one poll (one storing transaction, one instant) after another. */
function byPoll(signals: LoggedSignal[]): LoggedSignal[][] {
  const polls: LoggedSignal[][] = [];
  for (const signal of signals) {
    const last = polls.at(-1);
    if (last && last[0]!.observedAt.getTime() === signal.observedAt.getTime()) last.push(signal);
    else polls.push([signal]);
  }
  return polls;
}

/** Oldest first, so that later posts win; ties in a stable order, so that a rebuild gives the same result. */
function inCorrelationOrder(signals: SignalToApply[]): SignalToApply[] {
  const time = (s: SignalToApply) => (s.publishedAt ?? s.observedAt).getTime();
  return [...signals].sort((a, b) => time(a) - time(b) || Number(BigInt(a.id) - BigInt(b.id)));
}
