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
 * `CONNECTORS` (a fixed array) is the start-up snapshot, kept until the scheduler reads `CONNECTOR_SET`.
 */
import { type BeaconConfig, BEACON_CONFIG } from '#config';
import { type Connector, createConnectors } from '#connectors';
import type { Provider } from '@nestjs/common';

export interface ConnectorChange {
  added: readonly Connector[];
  removed: readonly Connector[];
}

export interface ConnectorSet {
  current(): readonly Connector[];
  onChange(listener: (change: ConnectorChange) => void): () => void;
}

/** Injection token of the live `ConnectorSet`. */
export const CONNECTOR_SET = Symbol('CONNECTOR_SET');

/** A set that never changes: for tests and tools that bring their own connectors. */
export function fixedConnectorSet(connectors: readonly Connector[]): ConnectorSet {
  return { current: () => connectors, onChange: () => () => undefined };
}

/** Injection token of the configured connectors at start-up: one per source. */
export const CONNECTORS = Symbol('CONNECTORS');

export const connectorsProvider: Provider = {
  provide: CONNECTORS,
  inject: [BEACON_CONFIG],
  useFactory: (config: BeaconConfig) => createConnectors(config),
};

/** For now the start-up set, fixed; the live one (file watched, database read) replaces it. */
export const connectorSetProvider: Provider = {
  provide: CONNECTOR_SET,
  inject: [CONNECTORS],
  useFactory: fixedConnectorSet,
};
