import type { TenantScope } from '../tenants/tenant-scope.type.js';
import type { ServiceModel } from './service.model.js';
import type { ServiceStatusRecord } from '#persistence';

export function toServiceModel(record: ServiceStatusRecord, scope: TenantScope): ServiceModel {
  return {
    scope,
    id: record.id,
    name: record.name,
    status: {
      level: record.level,
      status: record.status,
      channel: record.channel,
      observedAt: record.observedAt,
      stale: record.stale,
    },
  };
}
