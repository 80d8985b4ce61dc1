import { BEACON_CONFIG, type BeaconConfig } from '#config';
import {
  adminCenterReachable,
  HEALTH_LEVELS,
  type HealthLevel,
  isGraphFresh,
  namesTheAdminCenter,
  tenantRecordVisible,
} from '#domain';
import { OverviewRepository, ServicesRepository } from '#persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';
import { toSourceHealthModel } from '../sources/source.mapper.js';
import { TenantScopeService } from '../tenants/tenant-scope.service.js';
import type { OverviewModel } from './overview.model.js';

@Injectable()
export class OverviewService {
  constructor(
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
    private readonly repository: OverviewRepository,
    private readonly services: ServicesRepository,
    private readonly tenants: TenantScopeService,
  ) {}

  async overview(tenantId: string | null | undefined, principal: Principal): Promise<OverviewModel> {
    const scope = this.tenants.resolve(tenantId, principal);
    const generatedAt = new Date();
    const [signals, worstLevel] = await Promise.all([
      this.repository.signals(scope),
      // Without a Graph tenant, the statuses are derived from the evidence on the fly.
      scope === null
        ? this.services.statusesInScope(null).then((list) => worstOf(list.map((s) => s.level)))
        : null,
    ]);
    const graph =
      scope === null ? undefined : signals.sources.find((s) => s.channel === 'GRAPH' && s.tenantId === scope);
    const graphFresh = isGraphFresh(graph?.lastSuccessAt, generatedAt, this.config.graph.staleSeconds);
    return {
      generatedAt,
      degradedMode: !graphFresh,
      adminCenterReachable: adminCenterReachable({
        graphFresh,
        statusSiteLevel: signals.adminCenterStatusSiteLevel,
        xSaysUnreachable: signals.adminCenterXPosts.some(namesTheAdminCenter),
      }),
      worstLevel: worstLevel ?? signals.worstLevel ?? 'UNKNOWN',
      activeIncidentCount: signals.activeIncidentCount,
      sources: signals.sources
        .filter((source) => tenantRecordVisible(principal.tenantIds, source.tenantId))
        .map(toSourceHealthModel),
    };
  }
}

/** The worst known level; UNKNOWN only when nothing else is known. */
export function worstOf(levels: HealthLevel[]): HealthLevel {
  const known = levels.filter((level) => level !== 'UNKNOWN');
  return known.length === 0
    ? 'UNKNOWN'
    : known.reduce((a, b) => (HEALTH_LEVELS.indexOf(a) >= HEALTH_LEVELS.indexOf(b) ? a : b));
}
