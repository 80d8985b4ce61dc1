export { CHANNELS, type Channel } from './channel.js';
export { HEALTH_LEVELS, type HealthLevel } from './health-level.js';
export { INCIDENT_CLASSIFICATIONS, type IncidentClassification } from './incident-classification.js';
export { SIGNAL_KINDS, type RawSignal, type SignalKind } from './raw-signal.js';
export { SOURCE_STATES, type SourceState } from './source-state.js';
