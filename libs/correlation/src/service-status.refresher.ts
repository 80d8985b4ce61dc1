import { effectiveServiceStatus, isGraphFresh, type ServiceEvidence } from '#domain';
import {
  type EvidenceRow,
  ServiceEvidenceRepository,
  ServiceStatusesRepository,
  type ServiceStatusRow,
  StatusTenantsRepository,
} from '#persistence';
import type { EntityManager } from 'typeorm';

const statusTenants = new StatusTenantsRepository();
const serviceEvidence = new ServiceEvidenceRepository();
const serviceStatuses = new ServiceStatusesRepository();

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
  const tenantIds = scopeList.includes(null) ? await statusTenants.ids(manager) : (scopeList as string[]);
  if (tenantIds.length === 0) return [];

  // One after the other: a transaction's statements share its connection.
  const fallback = await serviceEvidence.fallback(manager);
  const graphSources = await statusTenants.graphLastSuccess(manager, tenantIds);
  const graphEvidence = await serviceEvidence.graphOfTenants(manager, tenantIds);
  const stored = await serviceStatuses.ofTenants(manager, tenantIds);
  const key = (tenantId: string, serviceId: string) => `${tenantId}\u001f${serviceId}`;
  const lastSuccess = new Map(graphSources.map((source) => [source.tenantId, source.lastSuccessAt]));
  const graphOf = new Map(graphEvidence.map((e) => [key(e.tenantId, e.serviceId), e]));
  const graphOfTenant = Map.groupBy(graphEvidence, (e) => e.tenantId);
  const current = new Map(stored.map((status) => [key(status.tenantId, status.serviceId), status]));
  const fallbackOf = Map.groupBy(fallback, (e) => e.serviceId);

  const upserts: ServiceStatusRow[] = [];
  const history: ServiceStatusRow[] = [];
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
      const row = { ...effective, tenantId, serviceId, changedAt: changed ? now : before.changedAt };
      upserts.push(row);
      if (changed) history.push(row);
      if (changed || before.stale !== effective.stale) changes.push({ tenantId, serviceId });
    }
  }
  await serviceStatuses.upsert(manager, upserts);
  await serviceStatuses.recordChanges(manager, history);
  return changes;
}

function toEvidence(row: EvidenceRow): ServiceEvidence {
  return { channel: row.channel, level: row.level, status: row.status, observedAt: row.observedAt };
}
