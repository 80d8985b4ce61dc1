import DataLoader from 'dataloader';
import { scopedKey, splitScopedKey } from '../graphql/loader.util.js';
import type { TenantScope } from '../tenants/tenant-scope.type.js';
import { toServiceModel } from './service.mapper.js';
import type { ServiceModel } from './service.model.js';
import type { ServicesRepository } from '#persistence';

export interface ServiceLoaders {
  /** A service as a view sees it, keyed by `scopedKey(scope, serviceId)`; null when the view has no status for it. */
  inScope: DataLoader<string, ServiceModel | null>;
}

export function createServiceLoaders(repository: ServicesRepository): ServiceLoaders {
  return {
    inScope: new DataLoader(async (keys) => {
      const byScope = new Map<TenantScope, string[]>();
      for (const { scope, id } of keys.map(splitScopedKey))
        byScope.set(scope, [...(byScope.get(scope) ?? []), id]);
      const found = new Map<string, ServiceModel>();
      for (const [scope, serviceIds] of byScope) {
        for (const record of await repository.statusesInScope(scope, serviceIds)) {
          found.set(scopedKey(scope, record.id), toServiceModel(record, scope));
        }
      }
      return keys.map((key) => found.get(key) ?? null);
    }),
  };
}
