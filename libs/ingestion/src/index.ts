export { IngestionModule } from './ingestion.module.js';
export { PollRunner, type PollSettings } from './poll.runner.js';
export { nextSourceState } from './source-health.js';
export { SourceLock } from './source.lock.js';
export { SourceRepository, type SourceKey } from './source.repository.js';
export { storeSignals, type StoredSignal } from './signal.store.js';
