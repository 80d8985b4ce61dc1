import { RebuildService } from '#correlation';
import { verifyWebhookSignature } from '#notifications';
import { NotificationTargetEntity } from '#persistence';
import type { ReceivedEmail } from '../../../apps/simulator/src/receivers/smtp-receiver.js';
import {
  addTarget,
  at,
  deliveryStates,
  drain,
  EX1,
  ingest,
  type NotificationBench,
  startBench,
} from './support.js';

/**
 * An incident's life (new, status changed, resolved) through the real correlator, the outbox and the
 * dispatcher to the simulator's receivers: each kind of target gets each change once, in order, in its own
 * format; Slack with a bot token edits one message and replies in its thread; e-mails form one thread.
 */
describe('notifications to every kind of target', () => {
  let bench: NotificationBench;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    bench = await startBench();
    const url = (path: string) => `${bench.receiversUrl}${path}`;
    ids.teams = await addTarget(bench, 'Teams', 'teams', { secrets: { url: url('/teams/ops') } });
    ids.slackHook = await addTarget(bench, 'Slack hook', 'slack_webhook', {
      secrets: { url: url('/slack/hooks/ops') },
    });
    ids.slackBot = await addTarget(bench, 'Slack bot', 'slack_bot', {
      config: { channel: 'C-OPS' },
      secrets: { token: bench.receivers.slackBotToken },
    });
    ids.webhook = await addTarget(bench, 'Webhook', 'webhook', {
      secrets: { url: url('/webhooks/ops'), hmacSecret: 'whsec-test' },
    });
    ids.email = await addTarget(bench, 'E-mail', 'email', {
      config: {
        host: '127.0.0.1',
        port: bench.smtpPort,
        from: 'beacon@contoso.example',
        to: ['ops@contoso.example'],
      },
      secrets: {},
    });
    for (const [index, signal] of EX1.entries()) {
      await ingest(bench, [signal], at(index * 10 + 1));
      await drain(bench);
    }
  });

  afterAll(() => bench?.close());

  const headlines = ['New incident', 'Status changed', 'Resolved'].map(
    (label) => `${label}: EX1 Mail delayed`,
  );

  it('sends Teams an Adaptive Card per change, in order', () => {
    const cards = bench.receivers.inbox
      .messages('/teams/ops')
      .map(
        (m) =>
          (m.body as { attachments: Array<{ content: { body: Array<{ text?: string }> } }> }).attachments[0]!,
      );
    expect(cards.map((card) => card.content.body[0]!.text)).toEqual(headlines);
  });

  it('sends a Slack incoming webhook a message per change, in order', () => {
    expect(
      bench.receivers.inbox.messages('/slack/hooks/ops').map((m) => (m.body as { text: string }).text),
    ).toEqual(headlines);
  });

  it('keeps one Slack message per incident, edited to the current state, with each change in its thread', () => {
    const [parent, ...replies] = bench.receivers.slack.messages('C-OPS');
    expect(parent).toMatchObject({ threadTs: undefined, text: headlines[2], edits: 2 });
    expect(replies.map((reply) => [reply.threadTs, reply.text])).toEqual([
      [parent!.ts, 'Status changed: A fix is being deployed.'],
      [parent!.ts, 'Resolved: Mail flows normally again.'],
    ]);
  });

  it('signs the generic webhook over timestamp and body', () => {
    const messages = bench.receivers.inbox.messages('/webhooks/ops');
    expect(messages.map((m) => (m.body as { event: string }).event)).toEqual([
      'incident_created',
      'status_changed',
      'incident_resolved',
    ]);
    for (const message of messages) {
      const { 'x-beacon-timestamp': timestamp, 'x-beacon-signature': signature } = message.headers;
      expect(verifyWebhookSignature('whsec-test', timestamp!, message.rawBody, signature!)).toBe(true);
      expect(verifyWebhookSignature('another', timestamp!, message.rawBody, signature!)).toBe(false);
    }
    expect(messages[2]!.body).toMatchObject({
      kind: 'incident',
      incident: { reference: 'EX1', isResolved: true, status: 'serviceRestored' },
      update: { text: 'Mail flows normally again.' },
    });
  });

  it('threads the e-mails of one incident (In-Reply-To and References the first), text and HTML', () => {
    const mails = bench.receivers.inbox.messages('ops@contoso.example').map((m) => m.body as ReceivedEmail);
    expect(mails.map((mail) => mail.subject)).toEqual(Array(3).fill('[Beacon] EX1: Mail delayed'));
    const first = mails[0]!.messageId;
    expect(mails.map((mail) => [mail.inReplyTo, mail.references])).toEqual([
      [undefined, []],
      [first, [first]],
      [first, [first]],
    ]);
    expect(mails[2]!.text).toContain('Mail flows normally again.');
    expect(mails[2]!.html).toContain('<h2>Resolved: EX1 Mail delayed</h2>');
  });

  it('sent each delivery once: nothing duplicated, nothing failed, every delivery marked sent', async () => {
    expect(bench.receivers.inbox.summary().map((s) => [s.target, s.duplicates, s.failed])).toEqual(
      expect.arrayContaining([['/webhooks/ops', 0, 0]]),
    );
    expect(bench.receivers.inbox.duplicates()).toBe(0);
    for (const id of Object.values(ids)) {
      expect(await deliveryStates(bench, id)).toEqual([
        'incident_created:sent',
        'status_changed:sent',
        'incident_resolved:sent',
      ]);
    }
  });

  it('owes nothing again when the correlator runs again or the state is rebuilt', async () => {
    const count = async () =>
      (await bench.dataSource.query(`SELECT count(*)::int AS n FROM notification_deliveries`))[0].n;
    const before = await count();
    await ingest(bench, [EX1[2]], at(40));
    await bench.app.get(RebuildService).rebuild();
    await ingest(bench, [], at(42));
    expect(await count()).toBe(before);
  });

  it('never returns a target’s secrets unless asked for them', async () => {
    const target = await bench.dataSource.manager.findOneByOrFail(NotificationTargetEntity, {
      id: ids.webhook!,
    });
    expect(target.secrets).toBeUndefined();
    expect(JSON.stringify(target)).not.toContain('whsec-test');
  });
});
