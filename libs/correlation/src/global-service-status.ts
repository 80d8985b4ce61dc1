import { effectiveServiceStatus } from '#domain';
import { type EvidenceRow, ServiceEvidenceRepository } from '#persistence';
import type { EntityManager } from 'typeorm';

const serviceEvidence = new ServiceEvidenceRepository();

/** What subscribers of a Beacon without Graph tenants see of a service: the fallback channels' word. */
export type GlobalStatus = Pick<EvidenceRow, 'level' | 'status' | 'channel'>;

export async function globalServiceStatus(
  manager: EntityManager,
  serviceId: string,
): Promise<GlobalStatus | null> {
  const evidence = await serviceEvidence.fallback(manager, serviceId);
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
