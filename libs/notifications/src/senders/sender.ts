import type { NotificationTargetKind } from '#persistence';
import type { OutgoingNotification } from '../notification-payload.js';

/** A target as a sender needs it: its settings and its secrets (which senders never log or echo). */
export interface TargetSettings {
  id: string;
  kind: NotificationTargetKind;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
}

/** Where a target keeps its conversation about one incident (Slack `ts` and channel, first Message-ID). */
export interface Thread {
  reference: string;
  channel: string | null;
}

export interface SendContext {
  target: TargetSettings;
  /** The incident's thread at this target, once a first message started one. */
  thread: Thread | null;
  timeoutMs: number;
}

/** One kind of target. Returns the thread the message started, if it started one. */
export interface Sender {
  send(notification: OutgoingNotification, context: SendContext): Promise<Thread | null>;
}

/**
 * A send that failed, classified: `permanent` failures (the target refuses the message as it is: a 4xx
 * other than 408 and 429) are not retried; `retryAfterMs` is the target's own word on when to try again.
 * The message never holds a URL or a token.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly permanent = false,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** A target's secret setting; a target saved without it is refused for good (no retry can fix it). */
export function secret(secrets: Record<string, string>, name: string): string {
  const value = secrets[name];
  if (!value) throw new DeliveryError(`the target has no ${name}`, null, true);
  return value;
}
