import { AccountedGraphSuccessEntity } from './accounted-graph-success.entity.js';
import { API_KEY_ROLES, ApiKeyEntity, type ApiKeyRole } from './api-key.entity.js';
import { AuditLogEntity } from './audit-log.entity.js';
import { CorrelationCursorEntity } from './correlation-cursor.entity.js';
import { IncidentReferenceEntity } from './incident-reference.entity.js';
import { IncidentReportEntity } from './incident-report.entity.js';
import { IncidentSightingEntity } from './incident-sighting.entity.js';
import { IncidentTenantEntity } from './incident-tenant.entity.js';
import { IncidentUpdateEntity } from './incident-update.entity.js';
import { IncidentEntity } from './incident.entity.js';
import { MessageTenantEntity } from './message-tenant.entity.js';
import { MessageEntity } from './message.entity.js';
import { NotificationAttemptEntity } from './notification-attempt.entity.js';
import { NotificationDeliveryEntity } from './notification-delivery.entity.js';
import { NotificationRuleEntity } from './notification-rule.entity.js';
import { NotificationTargetEntity } from './notification-target.entity.js';
import { NotificationThreadEntity } from './notification-thread.entity.js';
import { PollRunEntity } from './poll-run.entity.js';
import { RawPayloadEntity } from './raw-payload.entity.js';
import { RawSignalEntity } from './raw-signal.entity.js';
import { ServiceEvidenceEntity } from './service-evidence.entity.js';
import { ServiceStatusChangeEntity } from './service-status-change.entity.js';
import { ServiceStatusEntity } from './service-status.entity.js';
import { ServiceEntity } from './service.entity.js';
import { SourceEntity } from './source.entity.js';
import {
  TENANT_CREDENTIAL_KINDS,
  TenantCredentialEntity,
  type TenantCredentialKind,
} from './tenant-credential.entity.js';
import { TenantEntity } from './tenant.entity.js';

export * from './notification-enums.js';

export {
  AccountedGraphSuccessEntity,
  API_KEY_ROLES,
  ApiKeyEntity,
  type ApiKeyRole,
  AuditLogEntity,
  CorrelationCursorEntity,
  IncidentEntity,
  IncidentReferenceEntity,
  IncidentReportEntity,
  IncidentSightingEntity,
  IncidentTenantEntity,
  IncidentUpdateEntity,
  MessageEntity,
  MessageTenantEntity,
  NotificationAttemptEntity,
  NotificationDeliveryEntity,
  NotificationRuleEntity,
  NotificationTargetEntity,
  NotificationThreadEntity,
  PollRunEntity,
  RawPayloadEntity,
  RawSignalEntity,
  ServiceEntity,
  ServiceEvidenceEntity,
  ServiceStatusChangeEntity,
  ServiceStatusEntity,
  SourceEntity,
  TENANT_CREDENTIAL_KINDS,
  TenantCredentialEntity,
  type TenantCredentialKind,
  TenantEntity,
};

export const ENTITIES = [
  TenantEntity,
  ServiceEntity,
  ServiceStatusEntity,
  ServiceStatusChangeEntity,
  ServiceEvidenceEntity,
  RawPayloadEntity,
  RawSignalEntity,
  CorrelationCursorEntity,
  AccountedGraphSuccessEntity,
  IncidentEntity,
  IncidentReferenceEntity,
  IncidentTenantEntity,
  IncidentSightingEntity,
  IncidentUpdateEntity,
  MessageEntity,
  MessageTenantEntity,
  SourceEntity,
  PollRunEntity,
  ApiKeyEntity,
  AuditLogEntity,
  IncidentReportEntity,
  NotificationTargetEntity,
  NotificationRuleEntity,
  NotificationDeliveryEntity,
  NotificationAttemptEntity,
  NotificationThreadEntity,
  TenantCredentialEntity,
];
