import {
  ServiceEvidenceEntity,
  ServiceStatusChangeEntity,
  ServiceStatusEntity,
  SourceEntity,
  TenantEntity,
} from '#persistence';
import { type EntityManager, IsNull } from 'typeorm';
import { effectiveServiceStatus, isGraphFresh, type ServiceEvidence } from '#domain';

export interface ServiceStatusChange {
  tenantId: string;
  serviceId: string;
}

/**
 * Recomputes the stored status of every service of the given tenants (null: all tenants) from the
 * evidence, as of `now`, and records each change of level, word or channel in the history.
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

  const fallback = await manager.findBy(ServiceEvidenceEntity, { tenantId: IsNull() });
  const changes: ServiceStatusChange[] = [];
  for (const tenantId of tenantIds) {
    const graphSource = await manager.findOneBy(SourceEntity, { channel: 'GRAPH', tenantId });
    const graphLastSuccessAt = graphSource?.lastSuccessAt ?? null;
    const graphFresh = isGraphFresh(graphLastSuccessAt, now, staleSeconds);
    const graph = await manager.findBy(ServiceEvidenceEntity, { tenantId, channel: 'GRAPH' });
    const current = new Map(
      (await manager.findBy(ServiceStatusEntity, { tenantId })).map((status) => [status.serviceId, status]),
    );
    const serviceIds = new Set([...graph, ...fallback].map((evidence) => evidence.serviceId));

    for (const serviceId of serviceIds) {
      const graphEvidence = graph.find((e) => e.serviceId === serviceId);
      const effective = effectiveServiceStatus({
        graph: graphEvidence
          ? // While Graph answers, each successful poll confirms its word again.
            {
              ...toEvidence(graphEvidence),
              observedAt: graphFresh ? (graphLastSuccessAt as Date) : graphEvidence.observedAt,
            }
          : null,
        fallback: fallback.filter((e) => e.serviceId === serviceId).map(toEvidence),
        graphFresh,
        graphLastSuccessAt,
      });
      if (!effective) continue;
      const before = current.get(serviceId);
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
      await manager.upsert(
        ServiceStatusEntity,
        {
          tenantId,
          serviceId,
          level: effective.level,
          status: effective.status,
          channel: effective.channel,
          observedAt: effective.observedAt,
          stale: effective.stale,
          changedAt: changed ? now : before.changedAt,
        },
        ['tenantId', 'serviceId'],
      );
      if (changed) {
        await manager.insert(ServiceStatusChangeEntity, {
          tenantId,
          serviceId,
          level: effective.level,
          status: effective.status,
          channel: effective.channel,
          changedAt: now,
        });
      }
      if (changed || before.stale !== effective.stale) changes.push({ tenantId, serviceId });
    }
  }
  return changes;
}

function toEvidence(row: ServiceEvidenceEntity): ServiceEvidence {
  return { channel: row.channel, level: row.level, status: row.status, observedAt: row.observedAt };
}
