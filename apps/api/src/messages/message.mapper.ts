import type { MessageModel } from './message.model.js';
import type { MessageRecord } from '#persistence';

export function toMessageModel(record: MessageRecord): MessageModel {
  return {
    id: record.id,
    title: record.title,
    category: record.category,
    severity: record.severity,
    tags: record.tags,
    services: record.services,
    isMajorChange: record.isMajorChange,
    actionRequiredBy: record.actionRequiredBy,
    startedAt: record.startedAt,
    endsAt: record.endsAt,
    lastModifiedAt: record.lastModifiedAt,
    body: record.body,
  };
}
