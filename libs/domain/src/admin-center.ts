import type { HealthLevel } from './health-level.js';
import { KNOWN_SERVICES } from './m365-service.js';
import { servicesNamedIn } from './service-names.js';

const ADMIN_CENTER = /\badmin\s+(?:center|centre|portal)\b/i;

/** Whether a post names the Microsoft 365 admin center (the caller gives only posts of active incidents). */
export function namesTheAdminCenter(text: string): boolean {
  return (
    ADMIN_CENTER.test(text) &&
    servicesNamedIn(text).some((service) => service.id === KNOWN_SERVICES.microsoft365Suite.id)
  );
}

/**
 * semantics.md, `adminCenterReachable`: false when the status site's admin-center post says anything but
 * available, or an active incident's post on X says admins can't reach it; true when Graph is fresh and
 * the status site says available; otherwise unknown (null).
 */
export function adminCenterReachable(input: {
  graphFresh: boolean;
  statusSiteLevel: HealthLevel | null;
  xSaysUnreachable: boolean;
}): boolean | null {
  const { graphFresh, statusSiteLevel, xSaysUnreachable } = input;
  if ((statusSiteLevel !== null && statusSiteLevel !== 'OPERATIONAL') || xSaysUnreachable) return false;
  return graphFresh && statusSiteLevel === 'OPERATIONAL' ? true : null;
}
