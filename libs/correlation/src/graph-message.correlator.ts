import { graphMessagePayload, type GraphMessagePayload, postTextFromHtml } from '#domain';
import type { CorrelationContext, SignalToApply } from './correlation-context.js';
import type { MessageRow } from './message.store.js';
import { readOnce } from './parse-once.js';

/**
 * Message-center posts: each stored once (the newest version wins, whichever tenant's poll brought it),
 * listed for each tenant that has it; written with the step's others (`MessageStore`).
 * Returns the signals whose payload could not be read; they stay raw signals.
 */
export async function applyGraphMessages(
  context: CorrelationContext,
  signals: SignalToApply[],
): Promise<SignalToApply[]> {
  const unreadable: SignalToApply[] = [];
  for (const signal of signals) {
    const read = readMessage(signal.payload);
    if (!read) unreadable.push(signal);
    else context.messages.add(rowOf(read, signal.observedAt), signal.tenantId);
  }
  return unreadable;
}

interface ReadMessage {
  message: GraphMessagePayload;
  body: string;
}

const readMessage = readOnce((payload): ReadMessage | null => {
  const parsed = graphMessagePayload.safeParse(payload);
  return parsed.success
    ? { message: parsed.data, body: postTextFromHtml(parsed.data.body?.content ?? '') }
    : null;
});

function rowOf({ message, body }: ReadMessage, observedAt: Date): MessageRow {
  const html = message.body?.content ?? '';
  return {
    id: message.id,
    title: message.title ?? message.id,
    category: message.category ?? null,
    severity: message.severity ?? null,
    tags: message.tags ?? [],
    services: message.services ?? [],
    is_major_change: message.isMajorChange ?? false,
    action_required_by: message.actionRequiredByDateTime?.toISOString() ?? null,
    started_at: message.startDateTime?.toISOString() ?? null,
    ends_at: message.endDateTime?.toISOString() ?? null,
    last_modified_at: (message.lastModifiedDateTime ?? observedAt).toISOString(),
    body,
    body_html: message.body?.contentType === 'html' ? html : null,
  };
}
