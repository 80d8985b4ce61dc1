export { fairShare } from './fair-share.js';
export { IngestionModule } from './ingestion.module.js';
export { IngestorMembership } from './ingestor.membership.js';
export { PollRunner } from './poll.runner.js';
export { RequestBudgetLedger } from './request-budget.ledger.js';
export { SourceLock } from './source.lock.js';
export { nextAttemptDelay } from './backoff.js';
export {
  PDF_MEDIA_TYPE,
  readIncidentReport,
  WORD_MEDIA_TYPE,
  type IncidentReportReading,
} from './incident-report/incident-report.reader.js';
export {
  REVIEW_SECTIONS,
  type ReviewSection,
  type ReviewSections,
} from './incident-report/review-sections.js';
