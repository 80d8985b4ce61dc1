export { createLogger } from './logging/create-logger.js';
export { runBeacon } from './run-beacon.js';
export { startBeacon, type RunningBeacon } from './start-beacon.js';
export { MetricsModule } from './metrics/metrics.module.js';
export { METRICS_ACCESS, type MetricsAccess } from './metrics/metrics-access.js';
export { runTask } from './run-task.js';
export { stopInOrder } from './stop-in-order.js';
export { BeaconAppModule } from './beacon-app.module.js';
export { Heartbeats } from './health/heartbeats.js';
