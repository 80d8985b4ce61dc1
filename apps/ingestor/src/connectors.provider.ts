/*
 * The sources to poll change at run time: tenants come and go (the tenants file, watched; the admin
 * mutations, in the database) and a tenant's credentials are rotated. The scheduler asks `CONNECTOR_SET`:
 *
 *   interface ConnectorSet {
 *     current(): readonly Connector[];   // every source to poll now: Graph per tenant, status site, X
 *     onChange(listener: (change: ConnectorChange) => void): () => void;   // returns: unsubscribe
 *   }
 *   interface ConnectorChange { added: readonly Connector[]; removed: readonly Connector[] }
 *
 * - A rotated credential replaces the tenant's connector: the old instance is in `removed`, the new one
 *   (same channel and tenantId, so the same source row and lock) in `added`. A poll in flight on the old
 *   instance may finish; the next poll must use the new one.
 * - The set registers what it holds before it announces it: the `tenants` and `sources` rows of an added
 *   tenant exist when `onChange` fires (and at start-up, before `onApplicationBootstrap`), and a removed
 *   tenant's source is DISABLED (its data is kept). The scheduler need not call `SourceRepository.register`.
 * - Listeners are called synchronously, in order; a listener must not throw.
 *
 * `CONNECTORS` (an array) are the connectors at start-up, which the live set starts from: a test that
 * overrides it with its own connectors gets a set of exactly those (without a tenants file or stored
 * tenants nothing changes). A test may also override `CONNECTOR_SET` with `fixedConnectorSet(...)`.
 * The types and tokens live in connector-set.ts (re-exported here), apart from the providers.
 */
import { type BeaconConfig, BEACON_CONFIG } from '#config';
import { createConnectors, GraphPacerRegistry } from '#connectors';
import { TenantCredentialsRepository } from '#persistence';
import type { Provider } from '@nestjs/common';
import { CONNECTOR_SET, CONNECTORS } from './connector-set.js';
import { LiveConnectorSet } from './tenants/live-connector-set.js';
import { StoredTenants } from './tenants/stored-tenants.js';

export {
  CONNECTOR_SET,
  CONNECTORS,
  type ConnectorChange,
  type ConnectorSet,
  fixedConnectorSet,
} from './connector-set.js';

export const connectorsProvider: Provider = {
  provide: CONNECTORS,
  // The pacers spend Graph's budgets from the database's ledger (IngestionModule), shared by all processes.
  inject: [BEACON_CONFIG, GraphPacerRegistry],
  useFactory: (config: BeaconConfig, graphPacers: GraphPacerRegistry) =>
    createConnectors(config, { graphPacers }),
};

/** The live set: the tenants file watched, the stored tenants read every few seconds. */
export const connectorSetProviders: Provider[] = [
  TenantCredentialsRepository,
  StoredTenants,
  LiveConnectorSet,
  { provide: CONNECTOR_SET, useExisting: LiveConnectorSet },
];
