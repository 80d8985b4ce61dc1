import { graphHealthOverviewPayload, healthLevelOf, type M365Service, toGraphStatus } from '#domain';
import type { TenantEvidenceRow } from '#persistence';
import type { CorrelationContext, SignalToApply } from './correlation-context.js';
import { recordTenantEvidence } from './service-evidence.writer.js';

/**
 * The services in a tenant's `healthOverviews`: each service is recorded (Graph's display name wins), its
 * status is Graph's evidence for that tenant. A poll's overviews are written with the step's others.
 * Returns the signals whose payload could not be read; they stay raw signals.
 */
export async function applyGraphHealthOverviews(
  context: CorrelationContext,
  signals: SignalToApply[],
): Promise<SignalToApply[]> {
  const unreadable: SignalToApply[] = [];
  const services = new Map<string, M365Service>();
  const evidence: TenantEvidenceRow[] = [];
  for (const signal of signals) {
    const overview = graphHealthOverviewPayload.safeParse(signal.payload).data;
    // Without Graph's display name the overview cannot record its service (Graph's name wins over others).
    if (overview?.service == null) {
      unreadable.push(signal);
      continue;
    }
    if (!signal.tenantId) continue;
    services.set(overview.id, { id: overview.id, name: overview.service });
    evidence.push({
      tenantId: signal.tenantId,
      serviceId: overview.id,
      channel: 'GRAPH',
      level: healthLevelOf(overview.status),
      status: toGraphStatus(overview.status) ?? overview.status ?? 'unknownFutureValue',
      observedAt: signal.observedAt,
    });
  }
  await context.services.recordMany([...services.values()], true);
  recordTenantEvidence(context, evidence);
  return unreadable;
}
