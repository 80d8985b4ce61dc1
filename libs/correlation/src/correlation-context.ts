import type { RawSignal } from '#domain';
import type { EvidenceRow, TenantEvidenceRow } from '#persistence';
import type { EntityManager } from 'typeorm';
import type { GlobalStatus } from './global-service-status.js';
import type { IncidentStore } from './incident.store.js';
import type { MessageStore } from './message.store.js';
import type { ServiceCatalog } from './service.catalog.js';

/** A stored raw signal, as correlation receives it. */
export interface SignalToApply extends RawSignal {
  id: string;
  observedAt: Date;
  /** The stored payload's hash: the same hash is the same payload, whichever tenant's poll brought it. */
  payloadHash: string;
}

/** What the correlators share inside one transaction. */
export interface CorrelationContext {
  manager: EntityManager;
  incidents: IncidentStore;
  messages: MessageStore;
  services: ServiceCatalog;
  /** Ids (uuid) of the incidents created or changed, for subscribers. */
  changed: Set<string>;
  /** Tenants whose service statuses need recomputing; null stands for "every tenant". */
  statusScopes: Set<string | null>;
  /** Graph's word on each tenant's services, the latest in log order, written at the end of the fold. */
  tenantEvidence: Map<string, TenantEvidenceRow>;
  /** The fallback channels' newest word on each service, by service and channel, written at the end of the fold. */
  fallbackEvidence: Map<string, EvidenceRow>;
  /** The global status of each service whose fallback evidence changed, as it was before (for notices). */
  globalStatusBefore: Map<string, GlobalStatus | null>;
  /** Whether signals were folded: evidence and the overview's flags may have changed with no other notice. */
  folded: boolean;
}
