import { createHash } from 'node:crypto';
import { createTransport } from 'nodemailer';
import type { OutgoingNotification } from '../notification-payload.js';
import { render, renderHtml, renderText } from '../render.js';
import { DeliveryError, type SendContext, type Sender, type Thread } from './sender.js';

interface EmailConfig {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user: string | null;
  from: string;
  to: string[];
}

/**
 * E-mail over SMTP (nodemailer), plain text and HTML. An incident's messages form one thread: the first
 * one's Message-ID is kept, and every later one answers it (`In-Reply-To`, `References`) under the same
 * subject. Message-IDs derive from the idempotency key, so a message sent again after a crash is
 * recognisably the same message.
 */
export class EmailSender implements Sender {
  async send(notification: OutgoingNotification, context: SendContext): Promise<Thread | null> {
    const config = emailConfig(context.target.config);
    const password = context.target.secrets.password;
    const transport = createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure,
      auth: config.user ? { user: config.user, pass: password ?? '' } : undefined,
      connectionTimeout: context.timeoutMs,
      greetingTimeout: context.timeoutMs,
      socketTimeout: context.timeoutMs,
    });
    const message = render(notification);
    const messageId = `<${createHash('sha256').update(notification.idempotencyKey).digest('hex').slice(0, 32)}@beacon>`;
    const thread = notification.orderingKey.startsWith('incident:') ? context.thread : null;
    try {
      await transport.sendMail({
        from: config.from,
        to: config.to,
        subject: subjectOf(notification, message.headline),
        text: renderText(message),
        html: renderHtml(message),
        messageId,
        headers: { 'Idempotency-Key': notification.idempotencyKey },
        ...(thread ? { inReplyTo: thread.reference, references: [thread.reference] } : {}),
      });
    } catch (error) {
      throw smtpError(error);
    } finally {
      transport.close();
    }
    return thread === null && notification.orderingKey.startsWith('incident:')
      ? { reference: messageId, channel: null }
      : null;
  }
}

/** One subject per incident, so that mail clients thread by subject too. */
function subjectOf(notification: OutgoingNotification, headline: string): string {
  const payload = notification.payload;
  return payload.kind === 'incident'
    ? `[Beacon] ${payload.incident.reference}: ${payload.incident.title}`
    : `[Beacon] ${headline}`;
}

function emailConfig(config: Record<string, unknown>): EmailConfig {
  const to = Array.isArray(config.to) ? config.to.filter((a): a is string => typeof a === 'string') : [];
  if (typeof config.host !== 'string' || typeof config.from !== 'string' || to.length === 0)
    throw new DeliveryError('the e-mail target needs host, from and to', null, true);
  return {
    host: config.host,
    port: typeof config.port === 'number' ? config.port : 587,
    secure: config.secure === true,
    user: typeof config.user === 'string' ? config.user : null,
    from: config.from,
    to,
  };
}

/** SMTP's 4xx are worth another try (421: the server is busy), its 5xx are not; no answer is a retry too. */
function smtpError(error: unknown): DeliveryError {
  const code = (error as { responseCode?: unknown }).responseCode;
  if (typeof code === 'number')
    return new DeliveryError(`SMTP answered ${code}`, code, code >= 500 && code < 600);
  const reason = (error as { code?: unknown }).code;
  return new DeliveryError(`SMTP: ${typeof reason === 'string' ? reason : 'no answer'}`, null);
}
