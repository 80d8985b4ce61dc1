import type { SourceHealthModel } from './source-health.model.js';
import type { SourceRecord } from '#persistence';

export function toSourceHealthModel(record: SourceRecord): SourceHealthModel {
  return {
    channel: record.channel,
    tenantId: record.tenantId,
    state: record.state,
    lastAttemptAt: record.lastAttemptAt,
    lastSuccessAt: record.lastSuccessAt,
    consecutiveFailures: record.consecutiveFailures,
    lastError: record.lastError,
    nextAttemptAt: record.nextAttemptAt,
  };
}
