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

export type TenantEvidence = Evidence & { tenantId: string };

/**
 * The same for many pieces of one tenant channel's evidence at once (a poll's health overviews): one
 * statement; of two for the same service, the later in the poll wins, as one after the other would.
 */
export async function recordTenantEvidence(
  context: CorrelationContext,
  evidence: TenantEvidence[],
): Promise<void> {
  if (evidence.length === 0) return;
  const rows = new Map(evidence.map((e) => [`${e.tenantId}\u001f${e.serviceId}\u001f${e.channel}`, e]));
  await context.manager.query(
    `INSERT INTO service_evidence (tenant_id, service_id, channel, level, status, observed_at)
     SELECT tenant_id, service_id, channel::channel, level::health_level, status, observed_at
     FROM jsonb_to_recordset($1::jsonb) AS e(
       tenant_id text, service_id text, channel text, level text, status text, observed_at timestamptz)
     ON CONFLICT (tenant_id, service_id, channel) WHERE tenant_id IS NOT NULL DO UPDATE SET
       level = EXCLUDED.level, status = EXCLUDED.status, observed_at = EXCLUDED.observed_at
     WHERE service_evidence.observed_at <= EXCLUDED.observed_at`,
    [
      JSON.stringify(
        [...rows.values()].map((e) => ({
          tenant_id: e.tenantId,
          service_id: e.serviceId,
          channel: e.channel,
          level: e.level,
          status: e.status,
          observed_at: e.observedAt.toISOString(),
        })),
      ),
    ],
  );
  for (const tenantId of new Set(evidence.map((e) => e.tenantId))) context.statusScopes.add(tenantId);
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
