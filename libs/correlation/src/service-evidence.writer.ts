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
 * The same for many pieces of tenants' evidence (a poll's health overviews): gathered over the fold and
 * written at its end in one statement (`writeTenantEvidence`). Of two for the same service the later in log
 * order wins, as one write after another would: it is observed no earlier.
 */
export function recordTenantEvidence(context: CorrelationContext, evidence: TenantEvidence[]): void {
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
  if (rows.length === 0) return;
  await context.manager.query(
    `INSERT INTO service_evidence (tenant_id, service_id, channel, level, status, observed_at)
     SELECT tenant_id, service_id, channel::channel, level::health_level, status, observed_at
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
       AS e(tenant_id, service_id, channel, level, status, observed_at)
     ON CONFLICT (tenant_id, service_id, channel) WHERE tenant_id IS NOT NULL DO UPDATE SET
       level = EXCLUDED.level, status = EXCLUDED.status, observed_at = EXCLUDED.observed_at
     WHERE service_evidence.observed_at <= EXCLUDED.observed_at`,
    [
      rows.map((e) => e.tenantId),
      rows.map((e) => e.serviceId),
      rows.map((e) => e.channel),
      rows.map((e) => e.level),
      rows.map((e) => e.status),
      rows.map((e) => e.observedAt.toISOString()),
    ],
  );
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
