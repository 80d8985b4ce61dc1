import type { FastifyInstance } from 'fastify';
import type { SMTPServer } from 'smtp-server';
import { buildHttpReceiverServer } from './http-receiver.server.js';
import { Inbox } from './inbox.js';
import { ReceiverFaults } from './receiver-faults.js';
import { SlackWorkspace } from './slack-workspace.js';
import { buildSmtpReceiver } from './smtp-receiver.js';

/** The bot token the Slack Web API stand-in accepts unless told another. */
export const SIMULATOR_SLACK_BOT_TOKEN = 'xoxb-0000000000-0000000000000-beaconsimulator';

/**
 * Where notifications land: one HTTP origin for Teams, Slack and webhooks, one SMTP server, what they got
 * (`inbox`, and the Slack channels as they look now), and their failures on demand.
 */
export class Receivers {
  readonly inbox = new Inbox();
  readonly faults = new ReceiverFaults();
  readonly slack = new SlackWorkspace();
  readonly http: FastifyInstance;
  readonly smtp: SMTPServer;

  constructor(
    readonly slackBotToken = SIMULATOR_SLACK_BOT_TOKEN,
    logger?: FastifyInstance['log'],
  ) {
    this.http = buildHttpReceiverServer({
      inbox: this.inbox,
      faults: this.faults,
      slack: this.slack,
      slackBotToken,
      logger,
    });
    this.smtp = buildSmtpReceiver({ inbox: this.inbox, faults: this.faults });
  }

  /** Forgets every request, Slack message and fault (between tests). */
  reset(): void {
    this.inbox.clear();
    this.slack.clear();
    this.faults.clear();
  }

  /** Listens; resolves to the SMTP port. */
  async listenSmtp(host: string, port = 0): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.smtp.once('error', reject);
      this.smtp.listen(port, host, () => {
        this.smtp.off('error', reject);
        resolve();
      });
    });
    const address = this.smtp.server.address();
    if (address === null || typeof address === 'string')
      throw new Error(`unexpected address ${String(address)}`);
    return address.port;
  }

  async close(): Promise<void> {
    await Promise.all([this.http.close(), new Promise<void>((resolve) => this.smtp.close(() => resolve()))]);
  }
}
