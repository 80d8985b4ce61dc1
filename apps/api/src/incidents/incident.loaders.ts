import DataLoader from 'dataloader';
import { groupedByKey, scopedKey, splitScopedKey } from '../graphql/loader.util.js';
import type { TenantScope } from '../tenants/tenant-scope.type.js';
import { toChannelSightingModel, toIncidentModel, toIncidentUpdateModel } from './incident.mapper.js';
import type { ChannelSightingModel, IncidentModel, IncidentUpdateModel } from './incident.model.js';
import type { IncidentsRepository } from '#persistence';

/**
 * The nested lists of incidents, one query per list for a whole page (DataLoader batches the keys asked
 * for in the same tick). Keys are incident row ids.
 */
export interface IncidentLoaders {
  updates: DataLoader<string, IncidentUpdateModel[]>;
  sightings: DataLoader<string, ChannelSightingModel[]>;
  references: DataLoader<string, string[]>;
  tenantIds: DataLoader<string, string[]>;
  /** Keyed by `scopedKey(scope, serviceId)`. */
  activeOfService: DataLoader<string, IncidentModel[]>;
}

export function createIncidentLoaders(repository: IncidentsRepository): IncidentLoaders {
  return {
    updates: new DataLoader(async (keys) =>
      groupedByKey(keys, await repository.updatesOf(keys), (row) => row.incidentId).map((rows) =>
        rows.map(toIncidentUpdateModel),
      ),
    ),
    sightings: new DataLoader(async (keys) =>
      groupedByKey(keys, await repository.sightingsOf(keys), (row) => row.incidentId).map((rows) =>
        rows.map(toChannelSightingModel),
      ),
    ),
    references: new DataLoader(async (keys) =>
      groupedByKey(keys, await repository.referencesOf(keys), (row) => row.incidentId).map((rows) =>
        rows.map((row) => row.reference),
      ),
    ),
    tenantIds: new DataLoader(async (keys) =>
      groupedByKey(keys, await repository.tenantsOf(keys), (row) => row.incidentId).map((rows) =>
        rows.map((row) => row.tenantId),
      ),
    ),
    activeOfService: new DataLoader(async (keys) => {
      const byScope = new Map<TenantScope, string[]>();
      for (const { scope, id } of keys.map(splitScopedKey))
        byScope.set(scope, [...(byScope.get(scope) ?? []), id]);
      const found = new Map<string, IncidentModel[]>();
      for (const [scope, serviceIds] of byScope) {
        for (const record of await repository.activeOfServices(scope, serviceIds)) {
          const key = scopedKey(scope, record.serviceId as string);
          found.set(key, [...(found.get(key) ?? []), toIncidentModel(record, scope)]);
        }
      }
      return keys.map((key) => found.get(key) ?? []);
    }),
  };
}
