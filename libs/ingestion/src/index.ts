export { IngestionModule } from './ingestion.module.js';
export { PollRunner } from './poll.runner.js';
export { SourceLock } from './source.lock.js';
export { SourceRepository } from './source.repository.js';
export { storeSignals } from './signal.store.js';
