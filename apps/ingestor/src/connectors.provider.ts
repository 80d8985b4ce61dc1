import { type BeaconConfig, BEACON_CONFIG } from '#config';
import { createConnectors } from '#connectors';
import type { Provider } from '@nestjs/common';

/** Injection token of the configured connectors: one per source. */
export const CONNECTORS = Symbol('CONNECTORS');

export const connectorsProvider: Provider = {
  provide: CONNECTORS,
  inject: [BEACON_CONFIG],
  useFactory: (config: BeaconConfig) => createConnectors(config),
};
