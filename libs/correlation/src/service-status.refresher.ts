import {
  effectiveServiceStatus,
  type EffectiveServiceStatus,
  isGraphFresh,
  type ServiceEvidence,
} from '#domain';
import { ServiceEvidenceEntity, ServiceStatusEntity, SourceEntity, TenantEntity } from '#persistence';
import { type EntityManager, In, IsNull } from 'typeorm';

export interface ServiceStatusChange {
  tenantId: string;
  serviceId: string;
}

/**
 * Recomputes the stored status of every service of the given tenants (null: all tenants) from the
 * evidence, as of `now`, and records each change of level, word or channel in the history. Reads and
 * writes go in a handful of statements, whatever the number of tenants.
 */
export async function refreshServiceStatuses(
  manager: EntityManager,
  scopes: Iterable<string | null>,
  now: Date,
  staleSeconds: number,
): Promise<ServiceStatusChange[]> {
  const scopeList = [...scopes];
  const tenantIds = scopeList.includes(null)
    ? (await manager.find(TenantEntity)).map((tenant) => tenant.id)
    : (scopeList as string[]);
  if (tenantIds.length === 0) return [];

  // One after the other: a transaction's statements share its connection.
  const fallback = await manager.findBy(ServiceEvidenceEntity, { tenantId: IsNull() });
  const graphSources = await manager.findBy(SourceEntity, { channel: 'GRAPH', tenantId: In(tenantIds) });
  const graphEvidence = await manager.findBy(ServiceEvidenceEntity, {
    tenantId: In(tenantIds),
    channel: 'GRAPH',
  });
  const stored = await manager.findBy(ServiceStatusEntity, { tenantId: In(tenantIds) });
  const key = (tenantId: string, serviceId: string) => `${tenantId}\u001f${serviceId}`;
  const lastSuccess = new Map(
    graphSources.map((source) => [source.tenantId as string, source.lastSuccessAt]),
  );
  const graphOf = new Map(graphEvidence.map((e) => [key(e.tenantId as string, e.serviceId), e]));
  const graphOfTenant = Map.groupBy(graphEvidence, (e) => e.tenantId as string);
  const current = new Map(stored.map((status) => [key(status.tenantId, status.serviceId), status]));
  const fallbackOf = Map.groupBy(fallback, (e) => e.serviceId);

  const upserts: Array<{
    tenantId: string;
    serviceId: string;
    effective: EffectiveServiceStatus;
    changedAt: Date;
  }> = [];
  const history: typeof upserts = [];
  const changes: ServiceStatusChange[] = [];
  for (const tenantId of tenantIds) {
    const graphLastSuccessAt = lastSuccess.get(tenantId) ?? null;
    const graphFresh = isGraphFresh(graphLastSuccessAt, now, staleSeconds);
    const serviceIds = new Set([
      ...(graphOfTenant.get(tenantId) ?? []).map((e) => e.serviceId),
      ...fallbackOf.keys(),
    ]);
    for (const serviceId of serviceIds) {
      const graph = graphOf.get(key(tenantId, serviceId));
      const effective = effectiveServiceStatus({
        graph: graph
          ? // While Graph answers, each successful poll confirms its word again.
            { ...toEvidence(graph), observedAt: graphFresh ? (graphLastSuccessAt as Date) : graph.observedAt }
          : null,
        fallback: (fallbackOf.get(serviceId) ?? []).map(toEvidence),
        graphFresh,
        graphLastSuccessAt,
      });
      if (!effective) continue;
      const before = current.get(key(tenantId, serviceId));
      const changed =
        !before ||
        before.level !== effective.level ||
        before.status !== effective.status ||
        before.channel !== effective.channel;
      if (
        !changed &&
        before.stale === effective.stale &&
        before.observedAt.getTime() === effective.observedAt.getTime()
      ) {
        continue;
      }
      const row = { tenantId, serviceId, effective, changedAt: changed ? now : before.changedAt };
      upserts.push(row);
      if (changed) history.push(row);
      if (changed || before.stale !== effective.stale) changes.push({ tenantId, serviceId });
    }
  }
  await writeStatuses(manager, upserts, history);
  return changes;
}

async function writeStatuses(
  manager: EntityManager,
  upserts: Array<{ tenantId: string; serviceId: string; effective: EffectiveServiceStatus; changedAt: Date }>,
  history: typeof upserts,
): Promise<void> {
  const rows = (list: typeof upserts) =>
    JSON.stringify(
      list.map(({ tenantId, serviceId, effective, changedAt }) => ({
        tenant_id: tenantId,
        service_id: serviceId,
        level: effective.level,
        status: effective.status,
        channel: effective.channel,
        observed_at: effective.observedAt.toISOString(),
        stale: effective.stale,
        changed_at: changedAt.toISOString(),
      })),
    );
  const columns = `tenant_id text, service_id text, level text, status text, channel text, observed_at timestamptz,
                   stale boolean, changed_at timestamptz`;
  if (upserts.length > 0) {
    await manager.query(
      `INSERT INTO service_statuses (tenant_id, service_id, level, status, channel, observed_at, stale, changed_at)
       SELECT tenant_id, service_id, level::health_level, status, channel::channel, observed_at, stale, changed_at
       FROM jsonb_to_recordset($1::jsonb) AS s(${columns})
       ON CONFLICT (tenant_id, service_id) DO UPDATE SET
         level = EXCLUDED.level, status = EXCLUDED.status, channel = EXCLUDED.channel,
         observed_at = EXCLUDED.observed_at, stale = EXCLUDED.stale, changed_at = EXCLUDED.changed_at`,
      [rows(upserts)],
    );
  }
  if (history.length > 0) {
    await manager.query(
      `INSERT INTO service_status_changes (tenant_id, service_id, level, status, channel, changed_at)
       SELECT tenant_id, service_id, level::health_level, status, channel::channel, changed_at
       FROM jsonb_to_recordset($1::jsonb) AS s(${columns})`,
      [rows(history)],
    );
  }
}

function toEvidence(row: ServiceEvidenceEntity): ServiceEvidence {
  return { channel: row.channel, level: row.level, status: row.status, observedAt: row.observedAt };
}
