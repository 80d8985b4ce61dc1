import type { OutgoingNotification } from '../notification-payload.js';
import { httpPost } from './http-post.js';
import { secret, type SendContext, type Sender, type Thread } from './sender.js';
import { slackMessage } from './slack-message.js';

/** A Slack incoming webhook: one message per change, each carrying the incident's current state. */
export class SlackWebhookSender implements Sender {
  async send(notification: OutgoingNotification, { target, timeoutMs }: SendContext): Promise<Thread | null> {
    await httpPost(
      secret(target.secrets, 'url'),
      JSON.stringify(slackMessage(notification)),
      { 'idempotency-key': notification.idempotencyKey },
      timeoutMs,
    );
    return null;
  }
}
