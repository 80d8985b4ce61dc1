import { healthLevelOf, toGraphStatus } from '#domain';
import type { CorrelationContext, SignalToApply } from './correlation-context.js';
import { recordEvidence } from './service-evidence.writer.js';
import { graphHealthOverviewPayload } from './signal-payloads.js';

/** A service in a tenant's `healthOverviews`: the service is recorded, its status is Graph's evidence. */
export async function applyGraphHealthOverview(
  context: CorrelationContext,
  signal: SignalToApply,
): Promise<void> {
  const overview = graphHealthOverviewPayload.parse(signal.payload);
  if (!signal.tenantId) return;
  await context.services.record({ id: overview.id, name: overview.service }, true);
  await recordEvidence(context, {
    tenantId: signal.tenantId,
    serviceId: overview.id,
    channel: 'GRAPH',
    level: healthLevelOf(overview.status),
    status: toGraphStatus(overview.status) ?? overview.status ?? 'unknownFutureValue',
    observedAt: signal.observedAt,
  });
}
