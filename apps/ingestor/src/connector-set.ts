import type { Connector } from '#connectors';

/** What changed in a `ConnectorSet` (see connectors.provider.ts for the contract). */
export interface ConnectorChange {
  added: readonly Connector[];
  removed: readonly Connector[];
}

/** The sources to poll now, and the news when they change. */
export interface ConnectorSet {
  current(): readonly Connector[];
  onChange(listener: (change: ConnectorChange) => void): () => void;
}

/** Injection token of the live `ConnectorSet`. */
export const CONNECTOR_SET = Symbol('CONNECTOR_SET');

/** Injection token of the connectors at start-up: one per configured source. */
export const CONNECTORS = Symbol('CONNECTORS');

/** A set that never changes: for tests and tools that bring their own connectors. */
export function fixedConnectorSet(connectors: readonly Connector[]): ConnectorSet {
  return { current: () => connectors, onChange: () => () => undefined };
}
