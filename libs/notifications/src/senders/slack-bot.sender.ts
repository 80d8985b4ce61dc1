import type { OutgoingNotification } from '../notification-payload.js';
import { render } from '../render.js';
import { httpPost } from './http-post.js';
import { DeliveryError, secret, type SendContext, type Sender, type Thread } from './sender.js';
import { slackMessage } from './slack-message.js';

/** Slack errors that no retry fixes (the token, the channel or the message is wrong). */
const PERMANENT = new Set([
  'not_authed',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'missing_scope',
  'invalid_blocks',
  'msg_too_long',
  'no_text',
]);

/**
 * Slack with a bot token: an incident's first message is posted once (its `ts` is kept as the thread);
 * every later change edits it to the incident's current state (`chat.update`) and says what changed in a
 * reply in its thread. Each call carries its own idempotency key (also in the message's metadata), so a
 * retry after a crash repeats nothing a receiver that dedups would take twice.
 */
export class SlackBotSender implements Sender {
  constructor(private readonly apiBaseUrl: string) {}

  async send(notification: OutgoingNotification, context: SendContext): Promise<Thread | null> {
    const channel = context.target.config.channel;
    if (typeof channel !== 'string' || channel === '')
      throw new DeliveryError('the target has no channel', null, true);
    const message = slackMessage(notification);
    const metadata = (key: string) => ({
      event_type: 'beacon_notification',
      event_payload: { idempotency_key: key },
    });
    const threaded = context.thread !== null && notification.orderingKey.startsWith('incident:');
    if (!threaded || context.thread === null) {
      const posted = await this.call(context, 'chat.postMessage', notification.idempotencyKey, {
        channel,
        ...message,
        metadata: metadata(notification.idempotencyKey),
      });
      return { reference: String(posted.ts), channel: String(posted.channel ?? channel) };
    }
    const thread = context.thread;
    const editKey = `${notification.idempotencyKey}:edit`;
    await this.call(context, 'chat.update', editKey, {
      channel: thread.channel ?? channel,
      ts: thread.reference,
      ...message,
      metadata: metadata(editKey),
    });
    const rendered = render(notification);
    await this.call(context, 'chat.postMessage', notification.idempotencyKey, {
      channel: thread.channel ?? channel,
      thread_ts: thread.reference,
      text: rendered.body ? `${rendered.label}: ${rendered.body}` : rendered.headline,
      metadata: metadata(notification.idempotencyKey),
    });
    return null;
  }

  private async call(
    { target, timeoutMs }: SendContext,
    method: string,
    idempotencyKey: string,
    fields: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const { text } = await httpPost(
      `${this.apiBaseUrl}/${method}`,
      JSON.stringify(fields),
      { authorization: `Bearer ${secret(target.secrets, 'token')}`, 'idempotency-key': idempotencyKey },
      timeoutMs,
    );
    let answer: { ok?: unknown; error?: unknown } & Record<string, unknown>;
    try {
      answer = JSON.parse(text) as typeof answer;
    } catch {
      throw new DeliveryError(`Slack ${method}: the answer is not JSON`, 200);
    }
    if (answer.ok === true) return answer;
    const error = String(answer.error ?? 'unknown_error');
    throw new DeliveryError(`Slack ${method}: ${error}`, 200, PERMANENT.has(error));
  }
}
