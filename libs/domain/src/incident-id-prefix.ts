import { isIncidentId } from './incident-ids.js';
import { KNOWN_SERVICES, type M365Service } from './m365-service.js';

/**
 * upstreams.md, "Incident id prefixes" (observed; Microsoft publishes no list). Only a hint: Graph's
 * `service` field wins once Graph reports the incident.
 */
export const INCIDENT_ID_PREFIXES: ReadonlyMap<string, M365Service> = new Map<string, M365Service>([
  ['EX', KNOWN_SERVICES.exchangeOnline],
  ['TM', KNOWN_SERVICES.microsoftTeams],
  ['SP', KNOWN_SERVICES.sharePointOnline],
  ['OD', KNOWN_SERVICES.oneDriveForBusiness],
  ['MO', KNOWN_SERVICES.microsoft365Suite],
  ['CR', KNOWN_SERVICES.dynamics365Apps],
  ['CS', KNOWN_SERVICES.defenderForCloudApps],
]);

/** The service an incident id's prefix points to; null for an unknown prefix or a value that is no id. */
export function serviceOfIncidentId(id: string): M365Service | null {
  return isIncidentId(id) ? (INCIDENT_ID_PREFIXES.get(id.slice(0, 2)) ?? null) : null;
}
