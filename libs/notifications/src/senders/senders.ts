import type { NotificationTargetKind } from '#persistence';
import { EmailSender } from './email.sender.js';
import type { Sender } from './sender.js';
import { SlackBotSender } from './slack-bot.sender.js';
import { SlackWebhookSender } from './slack-webhook.sender.js';
import { TeamsSender } from './teams.sender.js';
import { WebhookSender } from './webhook.sender.js';

/** One sender per kind of target. */
export function createSenders(options: { slackApiBaseUrl: string }): Record<NotificationTargetKind, Sender> {
  return {
    teams: new TeamsSender(),
    slack_webhook: new SlackWebhookSender(),
    slack_bot: new SlackBotSender(options.slackApiBaseUrl),
    webhook: new WebhookSender(),
    email: new EmailSender(),
  };
}
