export { CHANGES_CHANNEL, type ChangeNotice } from './change.notifier.js';
export type { SignalToApply } from './correlation-context.js';
export { CorrelationModule } from './correlation.module.js';
export { CorrelationService, type CorrelationResult } from './correlation.service.js';
export { lockIngest } from './ingest.lock.js';
export { RebuildService } from './rebuild.service.js';
export { effectiveServiceStatus, type ServiceEvidence } from './effective-service-status.js';
