import type { OutgoingNotification } from '../notification-payload.js';
import { render } from '../render.js';
import { httpPost } from './http-post.js';
import { secret, type SendContext, type Sender, type Thread } from './sender.js';
import { webhookSignature } from './webhook-signature.js';

/**
 * A generic webhook: the delivery as JSON (its idempotency key, event and payload, and the rendered
 * headline), signed (see webhook-signature.ts) when the target has an HMAC secret.
 */
export class WebhookSender implements Sender {
  constructor(private readonly clock: () => Date = () => new Date()) {}

  async send(notification: OutgoingNotification, { target, timeoutMs }: SendContext): Promise<Thread | null> {
    const body = JSON.stringify({
      id: notification.idempotencyKey,
      event: notification.event,
      headline: render(notification).headline,
      coalesced: notification.coalesced,
      ...notification.payload,
    });
    const timestamp = String(Math.floor(this.clock().getTime() / 1000));
    const headers: Record<string, string> = {
      'idempotency-key': notification.idempotencyKey,
      'x-beacon-event': notification.event,
      'x-beacon-timestamp': timestamp,
    };
    const hmacSecret = target.secrets.hmacSecret;
    if (hmacSecret) headers['x-beacon-signature'] = webhookSignature(hmacSecret, timestamp, body);
    await httpPost(secret(target.secrets, 'url'), body, headers, timeoutMs);
    return null;
  }
}
