import { postTextFromHtml } from '#domain';
import { MessageEntity, MessageTenantEntity } from '#persistence';
import type { CorrelationContext, SignalToApply } from './correlation-context.js';
import { graphMessagePayload } from './signal-payloads.js';

/** A message-center post: stored once (the newest version wins), listed for each tenant that has it. */
export async function applyGraphMessage(context: CorrelationContext, signal: SignalToApply): Promise<void> {
  const message = graphMessagePayload.parse(signal.payload);
  const html = message.body?.content ?? '';
  const lastModifiedAt = message.lastModifiedDateTime ?? signal.observedAt;
  const existing = await context.manager.findOneBy(MessageEntity, { id: message.id });
  if (!existing || existing.lastModifiedAt <= lastModifiedAt) {
    await context.manager.upsert(
      MessageEntity,
      {
        id: message.id,
        title: message.title ?? message.id,
        category: message.category ?? null,
        severity: message.severity ?? null,
        tags: message.tags ?? [],
        services: message.services ?? [],
        isMajorChange: message.isMajorChange ?? false,
        actionRequiredBy: message.actionRequiredByDateTime,
        startedAt: message.startDateTime,
        endsAt: message.endDateTime,
        lastModifiedAt,
        body: postTextFromHtml(html),
        bodyHtml: message.body?.contentType === 'html' ? html : null,
      },
      ['id'],
    );
  }
  if (signal.tenantId) {
    await context.manager
      .createQueryBuilder()
      .insert()
      .into(MessageTenantEntity)
      .values({ messageId: message.id, tenantId: signal.tenantId })
      .orIgnore()
      .execute();
  }
}
