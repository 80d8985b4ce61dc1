import type { OutgoingNotification } from '../notification-payload.js';
import { render } from '../render.js';
import { httpPost } from './http-post.js';
import { secret, type SendContext, type Sender, type Thread } from './sender.js';

/** Microsoft Teams through a Workflows webhook ("When a Teams webhook request is received"): an Adaptive Card. */
export class TeamsSender implements Sender {
  async send(notification: OutgoingNotification, { target, timeoutMs }: SendContext): Promise<Thread | null> {
    await httpPost(
      secret(target.secrets, 'url'),
      JSON.stringify(adaptiveCardMessage(notification)),
      { 'idempotency-key': notification.idempotencyKey },
      timeoutMs,
    );
    return null;
  }
}

export function adaptiveCardMessage(notification: OutgoingNotification): unknown {
  const message = render(notification);
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: message.headline, weight: 'Bolder', size: 'Medium', wrap: true },
            { type: 'FactSet', facts: message.facts.map(([title, value]) => ({ title, value })) },
            ...(message.body ? [{ type: 'TextBlock', text: message.body, wrap: true }] : []),
          ],
        },
      },
    ],
  };
}
