export type {
  BeaconConfig,
  DatabasePool,
  GraphCertificate,
  GraphCredential,
  GraphTenant,
} from './beacon-config.js';
export { CheckedCertificates } from './checked-certificates.js';
export { BEACON_CONFIG, ConfigModule } from './config.module.js';
export { ConfigError, type ConfigProblem } from './config.error.js';
export { graphCertificate } from './graph-certificate.js';
export { loadConfig } from './load-config.js';
export { sealSecret, unsealSecret } from './sealed-secret.js';
export { Secret } from './secret.js';
export { readTenantsFile, type TenantsFile } from './tenants-file.js';
