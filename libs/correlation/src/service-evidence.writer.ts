import type { Channel, HealthLevel } from '#domain';
import type { CorrelationContext } from './correlation-context.js';
import type { FallbackPost } from './fallback-post.js';
import { globalServiceStatus } from './global-service-status.js';

interface Evidence {
  tenantId: string | null;
  serviceId: string;
  channel: Channel;
  level: HealthLevel;
  status: string;
  observedAt: Date;
}

/** Keeps the newest thing a channel said about a service; an older post arriving late changes nothing. */
export async function recordEvidence(context: CorrelationContext, evidence: Evidence): Promise<void> {
  const { tenantId, serviceId, channel, level, status, observedAt } = evidence;
  if (tenantId === null && !context.globalStatusBefore.has(serviceId)) {
    context.globalStatusBefore.set(serviceId, await globalServiceStatus(context.manager, serviceId));
  }
  const conflict =
    tenantId === null
      ? '(service_id, channel) WHERE tenant_id IS NULL'
      : '(tenant_id, service_id, channel) WHERE tenant_id IS NOT NULL';
  await context.manager.query(
    `INSERT INTO service_evidence (tenant_id, service_id, channel, level, status, observed_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT ${conflict} DO UPDATE SET level = EXCLUDED.level, status = EXCLUDED.status,
       observed_at = EXCLUDED.observed_at
     WHERE service_evidence.observed_at <= EXCLUDED.observed_at`,
    [tenantId, serviceId, channel, level, status, observedAt],
  );
  context.statusScopes.add(tenantId);
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
