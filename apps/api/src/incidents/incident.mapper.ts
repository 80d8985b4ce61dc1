import type { TenantScope } from '../tenants/tenant-scope.type.js';
import type { ChannelSightingModel, IncidentModel, IncidentUpdateModel } from './incident.model.js';
import type { IncidentRecord, IncidentSightingRecord, IncidentUpdateRecord } from '#persistence';

export function toIncidentModel(record: IncidentRecord, scope: TenantScope): IncidentModel {
  return {
    key: record.id,
    scope,
    serviceId: record.serviceId,
    id: record.reference,
    title: record.title,
    serviceName: record.serviceName,
    feature: record.feature,
    featureGroup: record.featureGroup,
    classification: record.classification,
    status: record.status,
    level: record.level,
    isResolved: record.isResolved,
    impactDescription: record.impactDescription,
    startedAt: record.startedAt,
    endedAt: record.endedAt,
    firstSeenAt: record.firstSeenAt,
    lastUpdatedAt: record.lastUpdatedAt,
    provisional: record.provisional,
    postIncidentReportAvailable: record.postIncidentReportAvailable,
  };
}

export function toIncidentUpdateModel(record: IncidentUpdateRecord): IncidentUpdateModel {
  return {
    id: record.id,
    channel: record.channel,
    postedAt: record.postedAt,
    text: record.text,
    html: record.html,
    kind: record.kind,
  };
}

export function toChannelSightingModel(record: IncidentSightingRecord): ChannelSightingModel {
  return { channel: record.channel, firstSeenAt: record.firstSeenAt, lastSeenAt: record.lastSeenAt };
}
