export { CorrelationModule } from './correlation.module.js';
export { type CorrelationResult } from './correlation.service.js';
export { Correlator, type CorrelatorStep } from './correlator.js';
export { RebuildService } from './rebuild.service.js';
