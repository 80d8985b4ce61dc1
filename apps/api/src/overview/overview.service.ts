import { BEACON_CONFIG, type BeaconConfig } from '#config';
import { HEALTH_LEVELS, type HealthLevel, servicesNamedIn } from '#domain';
import { Inject, Injectable } from '@nestjs/common';
import { canReadTenant, type Principal } from '../auth/principal.js';
import { ServicesRepository } from '../services/services.repository.js';
import { toSourceHealthModel } from '../sources/source.mapper.js';
import { TenantScopeService } from '../tenants/tenant-scope.service.js';
import type { OverviewModel } from './overview.model.js';
import { ADMIN_CENTER_SERVICE_ID, OverviewRepository } from './overview.repository.js';

const ADMIN_CENTER = /\badmin\s+(?:center|centre|portal)\b/i;

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
    // semantics.md, "Status and degraded mode": Graph is fresh while its last success is recent enough.
    const graph =
      scope === null ? undefined : signals.sources.find((s) => s.channel === 'GRAPH' && s.tenantId === scope);
    const lastSuccess = graph?.lastSuccessAt?.getTime();
    const graphFresh =
      lastSuccess !== undefined &&
      generatedAt.getTime() - lastSuccess <= this.config.graph.staleSeconds * 1000;

    const statusSite = signals.adminCenterStatusSiteLevel;
    const xSaysUnreachable = signals.adminCenterXPosts.some(namesTheAdminCenter);
    return {
      generatedAt,
      degradedMode: !graphFresh,
      adminCenterReachable:
        (statusSite !== null && statusSite !== 'OPERATIONAL') || xSaysUnreachable
          ? false
          : graphFresh && statusSite === 'OPERATIONAL'
            ? true
            : null,
      worstLevel: worstLevel ?? signals.worstLevel ?? 'UNKNOWN',
      activeIncidentCount: signals.activeIncidentCount,
      sources: signals.sources
        .filter((source) => source.tenantId === null || canReadTenant(principal, source.tenantId))
        .map(toSourceHealthModel),
    };
  }
}

/** A post about an active suite incident that names the admin center as affected (not as where details are). */
function namesTheAdminCenter(text: string): boolean {
  return (
    ADMIN_CENTER.test(text) && servicesNamedIn(text).some((service) => service.id === ADMIN_CENTER_SERVICE_ID)
  );
}

/** The worst known level; UNKNOWN only when nothing else is known. */
export function worstOf(levels: HealthLevel[]): HealthLevel {
  const known = levels.filter((level) => level !== 'UNKNOWN');
  return known.length === 0
    ? 'UNKNOWN'
    : known.reduce((a, b) => (HEALTH_LEVELS.indexOf(a) >= HEALTH_LEVELS.indexOf(b) ? a : b));
}
