import type { OutgoingNotification } from '../notification-payload.js';
import { render } from '../render.js';

/** Slack's text and Block Kit blocks for a notification (shared by the webhook and the bot). */
export function slackMessage(notification: OutgoingNotification): { text: string; blocks: unknown[] } {
  const message = render(notification);
  return {
    text: message.headline,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: message.headline.slice(0, 150) } },
      {
        type: 'section',
        fields: message.facts.map(([label, value]) => ({
          type: 'mrkdwn',
          text: `*${escape(label)}*\n${escape(value)}`,
        })),
      },
      ...(message.body
        ? [{ type: 'section', text: { type: 'mrkdwn', text: escape(message.body).slice(0, 3000) } }]
        : []),
    ],
  };
}

/** Slack's three control characters in text. */
function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
