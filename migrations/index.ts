import { InitialSchema1795647303294 } from './1795647303294-InitialSchema.js';
import { ServiceEvidence1795647835402 } from './1795647835402-ServiceEvidence.js';
import { SignalRevisions1795650458172 } from './1795650458172-SignalRevisions.js';
import { CorrelationLog1795700000000 } from './1795700000000-CorrelationLog.js';
import { RetentionIndexes1795701000000 } from './1795701000000-RetentionIndexes.js';
import { ApiKeysAndAuditLog1795702000000 } from './1795702000000-ApiKeysAndAuditLog.js';
import { NextUpdateBy1795703000000 } from './1795703000000-NextUpdateBy.js';
import { Notifications1795711000000 } from './1795711000000-Notifications.js';
import { IncidentReports1795715000000 } from './1795715000000-IncidentReports.js';
import { IngestorMembersAndRequestBudgets1795713000000 } from './1795713000000-IngestorMembersAndRequestBudgets.js';
import { TenantCredentials1795714000000 } from './1795714000000-TenantCredentials.js';
import { IncidentFacts1795716000000 } from './1795716000000-IncidentFacts.js';
import { SealNotificationSecrets1795722000000 } from './1795722000000-SealNotificationSecrets.js';
import { AdvisoryDigestAt1795721000000 } from './1795721000000-AdvisoryDigestAt.js';
import { AnnouncedTimeWithoutSubtransaction1795725000000 } from './1795725000000-AnnouncedTimeWithoutSubtransaction.js';
import { NextUpdateByWritten1795750000000 } from './1795750000000-NextUpdateByWritten.js';
import { FactsIgnoreGraphLastSeen1795751000000 } from './1795751000000-FactsIgnoreGraphLastSeen.js';
import { CorrelatorStateInDatabase1795760000000 } from './1795760000000-CorrelatorStateInDatabase.js';

/** Every migration, oldest first. A new one is generated with `npm run migration:generate -- <Name>`. */
export const MIGRATIONS = [
  InitialSchema1795647303294,
  ServiceEvidence1795647835402,
  SignalRevisions1795650458172,
  CorrelationLog1795700000000,
  RetentionIndexes1795701000000,
  ApiKeysAndAuditLog1795702000000,
  NextUpdateBy1795703000000,
  IncidentReports1795715000000,
  IngestorMembersAndRequestBudgets1795713000000,
  Notifications1795711000000,
  TenantCredentials1795714000000,
  IncidentFacts1795716000000,
  SealNotificationSecrets1795722000000,
  AdvisoryDigestAt1795721000000,
  AnnouncedTimeWithoutSubtransaction1795725000000,
  NextUpdateByWritten1795750000000,
  FactsIgnoreGraphLastSeen1795751000000,
  CorrelatorStateInDatabase1795760000000,
];
