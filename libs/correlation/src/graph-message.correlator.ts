import { graphMessagePayload, type GraphMessagePayload, postTextFromHtml } from '#domain';
import type { CorrelationContext, SignalToApply } from './correlation-context.js';
import { readOnce } from './parse-once.js';

/**
 * Message-center posts: each stored once (the newest version wins, whichever tenant's poll brought it),
 * listed for each tenant that has it. A poll's messages are written together: two statements for the lot.
 * Returns the signals whose payload could not be read; they stay raw signals.
 */
export async function applyGraphMessages(
  context: CorrelationContext,
  signals: SignalToApply[],
): Promise<SignalToApply[]> {
  const unreadable: SignalToApply[] = [];
  const newest = new Map<string, ReturnType<typeof rowOf>>();
  const listings: Array<{ message_id: string; tenant_id: string }> = [];
  for (const signal of signals) {
    const read = readMessage(signal.payload);
    if (!read) {
      unreadable.push(signal);
      continue;
    }
    const row = rowOf(read, signal.observedAt);
    const known = newest.get(row.id);
    if (!known || known.last_modified_at <= row.last_modified_at) newest.set(row.id, row);
    if (signal.tenantId) listings.push({ message_id: row.id, tenant_id: signal.tenantId });
  }
  if (newest.size > 0) {
    await context.manager.query(
      `INSERT INTO messages (id, title, category, severity, tags, services, is_major_change, action_required_by,
                             started_at, ends_at, last_modified_at, body, body_html)
       SELECT id, title, category, severity, ARRAY(SELECT jsonb_array_elements_text(tags)),
              ARRAY(SELECT jsonb_array_elements_text(services)), is_major_change, action_required_by,
              started_at, ends_at, last_modified_at, body, body_html
       FROM jsonb_to_recordset($1::jsonb) AS m(
         id text, title text, category text, severity text, tags jsonb, services jsonb, is_major_change boolean,
         action_required_by timestamptz, started_at timestamptz, ends_at timestamptz,
         last_modified_at timestamptz, body text, body_html text)
       ON CONFLICT (id) DO UPDATE SET
         title = EXCLUDED.title, category = EXCLUDED.category, severity = EXCLUDED.severity,
         tags = EXCLUDED.tags, services = EXCLUDED.services, is_major_change = EXCLUDED.is_major_change,
         action_required_by = EXCLUDED.action_required_by, started_at = EXCLUDED.started_at,
         ends_at = EXCLUDED.ends_at, last_modified_at = EXCLUDED.last_modified_at, body = EXCLUDED.body,
         body_html = EXCLUDED.body_html
       WHERE messages.last_modified_at <= EXCLUDED.last_modified_at
         -- Another tenant's copy of the stored version: nothing to write (and no search vector to compute).
         AND (messages.title, messages.category, messages.severity, messages.tags, messages.services,
              messages.is_major_change, messages.action_required_by, messages.started_at, messages.ends_at,
              messages.last_modified_at, messages.body, messages.body_html)
           IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.category, EXCLUDED.severity, EXCLUDED.tags, EXCLUDED.services,
              EXCLUDED.is_major_change, EXCLUDED.action_required_by, EXCLUDED.started_at, EXCLUDED.ends_at,
              EXCLUDED.last_modified_at, EXCLUDED.body, EXCLUDED.body_html)`,
      [JSON.stringify([...newest.values()])],
    );
  }
  if (listings.length > 0) {
    await context.manager.query(
      `INSERT INTO message_tenants (message_id, tenant_id)
       SELECT message_id, tenant_id FROM jsonb_to_recordset($1::jsonb) AS l(message_id text, tenant_id text)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(listings)],
    );
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

function rowOf({ message, body }: ReadMessage, observedAt: Date) {
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
