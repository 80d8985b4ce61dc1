export type { BeaconConfig, DatabasePool, GraphTenant } from './beacon-config.js';
export { BEACON_CONFIG, ConfigModule } from './config.module.js';
export { ConfigError, type ConfigProblem } from './config.error.js';
export { loadConfig } from './load-config.js';
export { Secret } from './secret.js';
