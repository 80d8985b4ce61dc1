import { ServiceEvidenceEntity } from '#persistence';
import { type EntityManager, IsNull } from 'typeorm';
import { effectiveServiceStatus } from '#domain';

/** What subscribers of a Beacon without Graph tenants see of a service: the fallback channels' word. */
export type GlobalStatus = Pick<ServiceEvidenceEntity, 'level' | 'status' | 'channel'>;

export async function globalServiceStatus(
  manager: EntityManager,
  serviceId: string,
): Promise<GlobalStatus | null> {
  const evidence = await manager.findBy(ServiceEvidenceEntity, { tenantId: IsNull(), serviceId });
  const status = effectiveServiceStatus({
    graph: null,
    fallback: evidence,
    graphFresh: false,
    graphLastSuccessAt: null,
  });
  return status && { level: status.level, status: status.status, channel: status.channel };
}

export function sameGlobalStatus(a: GlobalStatus | null, b: GlobalStatus | null): boolean {
  return a?.level === b?.level && a?.status === b?.status && a?.channel === b?.channel;
}
