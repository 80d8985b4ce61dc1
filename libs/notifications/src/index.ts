export { backoffMs } from './backoff.js';
export { type DeadLetterSelection, type RetriedDeadLetter, retryDeadLetters } from './dead-letters.js';
export { Dispatcher, type DispatcherOptions, type DispatchRound } from './dispatcher.js';
export { NotificationDispatcherJob } from './dispatcher.job.js';
export type * from './notification-payload.js';
export { NotificationDispatchModule } from './notifications.module.js';
export { enqueueOutageNotifications, type OutageOptions } from './outage.js';
export {
  type AnnouncedChanges,
  enqueueNotifications,
  enqueueTestNotification,
  globalStatusOrderingKey,
  incidentOrderingKey,
  statusOrderingKey,
} from './outbox.js';
export { TimeDrivenNotificationsJob } from './time-driven.job.js';
export { render, renderHtml, renderText, type RenderedMessage } from './render.js';
export { createSenders } from './senders/senders.js';
export { DeliveryError, type Sender, type TargetSettings, type Thread } from './senders/sender.js';
export { openTargetSecrets, sealTargetSecrets } from './target-secrets.js';
export { verifyWebhookSignature, webhookSignature } from './senders/webhook-signature.js';
