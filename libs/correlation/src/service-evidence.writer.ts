import { type EvidenceRow, ServiceEvidenceRepository, type TenantEvidenceRow } from '#persistence';
import type { CorrelationContext } from './correlation-context.js';
import type { FallbackPost } from './fallback-post.js';
import { globalServiceStatus } from './global-service-status.js';

const serviceEvidence = new ServiceEvidenceRepository();

/** Keeps the newest thing a channel said about a service; an older post arriving late changes nothing. */
export async function recordEvidence(context: CorrelationContext, evidence: EvidenceRow): Promise<void> {
  const { tenantId, serviceId } = evidence;
  if (tenantId === null && !context.globalStatusBefore.has(serviceId)) {
    context.globalStatusBefore.set(serviceId, await globalServiceStatus(context.manager, serviceId));
  }
  await serviceEvidence.upsert(context.manager, evidence);
  context.statusScopes.add(tenantId);
}

/**
 * The same for many pieces of tenants' evidence (a poll's health overviews): gathered over the fold and
 * written at its end in one statement (`writeTenantEvidence`). Of two for the same service the later in log
 * order wins, as one write after another would: it is observed no earlier.
 */
export function recordTenantEvidence(context: CorrelationContext, evidence: TenantEvidenceRow[]): void {
  for (const e of evidence) {
    const key = `${e.tenantId}\u001f${e.serviceId}\u001f${e.channel}`;
    context.tenantEvidence.set(key, e);
    context.statusScopes.add(e.tenantId);
  }
}

/** Writes the tenants' evidence gathered since the last write. */
export async function writeTenantEvidence(context: CorrelationContext): Promise<void> {
  const rows = [...context.tenantEvidence.values()];
  context.tenantEvidence.clear();
  await serviceEvidence.upsertTenants(context.manager, rows);
}

export async function recordFallbackEvidence(context: CorrelationContext, post: FallbackPost): Promise<void> {
  for (const service of post.services) {
    await recordEvidence(context, {
      tenantId: null,
      serviceId: service.id,
      channel: post.channel,
      level: post.level,
      status: post.serviceStatus,
      observedAt: post.postedAt,
    });
  }
}
