import { ServiceEvidenceRepository, type TenantEvidenceRow } from '#persistence';
import type { CorrelationContext } from './correlation-context.js';
import type { FallbackPost } from './fallback-post.js';
import { globalServiceStatus } from './global-service-status.js';

const serviceEvidence = new ServiceEvidenceRepository();

/**
 * The same for many pieces of tenants' evidence (a poll's health overviews): gathered over the fold and
 * written at its end in one statement (`writeEvidence`). Of two for the same service the later in log
 * order wins, as one write after another would: it is observed no earlier.
 */
export function recordTenantEvidence(context: CorrelationContext, evidence: TenantEvidenceRow[]): void {
  for (const e of evidence) {
    const key = `${e.tenantId}\u001f${e.serviceId}\u001f${e.channel}`;
    context.tenantEvidence.set(key, e);
    context.statusScopes.add(e.tenantId);
  }
}

/** Writes the evidence gathered since the last write. */
export async function writeEvidence(context: CorrelationContext): Promise<void> {
  const rows = [...context.tenantEvidence.values()];
  context.tenantEvidence.clear();
  await serviceEvidence.upsertTenants(context.manager, rows);
  const fallback = [...context.fallbackEvidence.values()];
  context.fallbackEvidence.clear();
  for (const evidence of fallback) await serviceEvidence.upsert(context.manager, evidence);
}

/**
 * Keeps the newest thing a fallback channel said about a service; an older post arriving late changes
 * nothing. Gathered over the fold and written at its end (`writeEvidence`), a write a service and channel,
 * not one a post: of a step's posts the one kept is the one one write after another would leave (the newest,
 * of two as new the later), and the write keeps it only if it is no older than what is stored.
 */
export async function recordFallbackEvidence(context: CorrelationContext, post: FallbackPost): Promise<void> {
  for (const service of post.services) {
    if (!context.globalStatusBefore.has(service.id)) {
      context.globalStatusBefore.set(service.id, await globalServiceStatus(context.manager, service.id));
    }
    const key = `${service.id}\u001f${post.channel}`;
    const kept = context.fallbackEvidence.get(key);
    if (!kept || kept.observedAt <= post.postedAt) {
      context.fallbackEvidence.set(key, {
        tenantId: null,
        serviceId: service.id,
        channel: post.channel,
        level: post.level,
        status: post.serviceStatus,
        observedAt: post.postedAt,
      });
    }
    context.statusScopes.add(null);
  }
}
