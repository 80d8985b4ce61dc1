import { once } from 'node:events';
import { connect } from 'node:net';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type { ReceivedEmail } from './smtp-receiver.js';
import { Receivers } from './receivers.js';

describe('the SMTP receiver', () => {
  const receivers = new Receivers();
  let transport: Transporter;

  const send = (options: SendMailOptions) =>
    transport.sendMail({ from: 'beacon@example.test', to: 'ops@example.test', ...options });

  beforeAll(async () => {
    const port = await receivers.listenSmtp('127.0.0.1');
    transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      auth: { user: 'beacon', pass: 'x' },
    });
  });
  afterAll(async () => {
    transport.close();
    await receivers.close();
  });
  beforeEach(() => receivers.reset());

  it('files each message under every recipient, with its threading headers, text and HTML', async () => {
    await send({
      to: ['ops@example.test', 'Lead <Lead@Example.test>'],
      subject: 'EX1 resolved',
      messageId: '<ex1.2@beacon.test>',
      inReplyTo: '<ex1.1@beacon.test>',
      references: ['<ex1.0@beacon.test>', '<ex1.1@beacon.test>'],
      text: 'Exchange Online: resolved',
      html: '<p>Exchange Online: <b>resolved</b></p>',
    });

    const [message] = receivers.inbox.messages('ops@example.test');
    expect(message?.body).toEqual<ReceivedEmail>({
      envelopeFrom: 'beacon@example.test',
      envelopeTo: ['ops@example.test', 'Lead@example.test'],
      from: 'beacon@example.test',
      to: ['ops@example.test', 'Lead@example.test'],
      subject: 'EX1 resolved',
      messageId: '<ex1.2@beacon.test>',
      inReplyTo: '<ex1.1@beacon.test>',
      references: ['<ex1.0@beacon.test>', '<ex1.1@beacon.test>'],
      date: expect.any(String),
      text: 'Exchange Online: resolved',
      html: '<p>Exchange Online: <b>resolved</b></p>',
      user: 'beacon',
    });
    expect(receivers.inbox.messages('lead@example.test')).toHaveLength(1);
  });

  it('counts a message sent again with the same Message-ID as a duplicate', async () => {
    await send({ subject: 'one', text: '1', messageId: '<one@beacon.test>' });
    await send({ subject: 'one', text: '1', messageId: '<one@beacon.test>' });
    await send({ subject: 'two', text: '2', messageId: '<two@beacon.test>' });

    expect(
      receivers.inbox.messages('ops@example.test').map((m) => (m.body as ReceivedEmail).subject),
    ).toEqual(['one', 'two']);
    expect(receivers.inbox.duplicates('ops@example.test')).toBe(1);
  });

  it('fails on demand: a 451 after the data, a 421 at the greeting', async () => {
    receivers.faults.add({ target: 'smtp', respond: 'serverError', times: 1 });
    await expect(send({ subject: 's', text: 't' })).rejects.toMatchObject({ responseCode: 451 });

    receivers.faults.add({ target: 'smtp', respond: 'down', times: 1 });
    await expect(send({ subject: 's', text: 't' })).rejects.toMatchObject({ responseCode: 421 });

    await send({ subject: 's', text: 't' });
    expect(receivers.inbox.requests().map((r) => [r.target, r.status, r.accepted])).toEqual([
      ['ops@example.test', 451, false],
      ['smtp', 421, false],
      ['ops@example.test', 250, true],
    ]);
  });

  it('stops soon with a client still connected, cutting it off', async () => {
    const stopping = new Receivers();
    const client = connect(await stopping.listenSmtp('127.0.0.1'), '127.0.0.1');
    await once(client, 'data'); // the greeting: the connection is the server's now
    const cutOff = once(client, 'close');

    const outcome = await Promise.race([
      stopping.close().then(() => 'stopped'),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5000).unref()),
    ]);

    expect(outcome).toBe('stopped');
    await cutOff;
  });
});
