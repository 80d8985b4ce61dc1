import { Receivers, SIMULATOR_SLACK_BOT_TOKEN } from './receivers.js';

describe('the HTTP receiver', () => {
  const receivers = new Receivers();
  let origin: string;

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const slackApi = async (
    method: string,
    body: Record<string, unknown>,
    token = SIMULATOR_SLACK_BOT_TOKEN,
  ) => {
    const response = await post(`/slack/api/${method}`, body, { authorization: `Bearer ${token}` });
    return (await response.json()) as { ok: boolean; ts?: string; error?: string };
  };
  const card = (text: string) => ({
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text }] },
      },
    ],
  });

  beforeAll(async () => {
    await receivers.http.listen({ host: '127.0.0.1', port: 0 });
    const address = receivers.http.server.address();
    origin = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  });
  afterAll(() => receivers.close());
  beforeEach(() => receivers.reset());

  describe('Teams Workflows', () => {
    it('accepts an Adaptive Card with a 202 and files it under its path', async () => {
      const response = await post('/teams/ops', card('Exchange: investigating'));

      expect(response.status).toBe(202);
      expect(receivers.inbox.messages('/teams/ops')).toEqual([
        expect.objectContaining({ kind: 'teams', status: 202, body: card('Exchange: investigating') }),
      ]);
    });

    it.each([
      ['not JSON', '{"type":'],
      ['no attachments', { type: 'message', attachments: [] }],
      [
        'a card of another kind',
        { type: 'message', attachments: [{ contentType: 'text/plain', content: {} }] },
      ],
    ])('refuses %s with a 400 and takes nothing', async (_case, body) => {
      const response = await post('/teams/ops', body);

      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: { code: 'InvalidRequestContent', message: expect.any(String) },
      });
      expect(receivers.inbox.messages('/teams/ops')).toEqual([]);
      expect(receivers.inbox.requests('/teams/ops')).toHaveLength(1);
    });
  });

  describe('Slack incoming webhooks', () => {
    it('answers "ok" and refuses a message without text as Slack does', async () => {
      const accepted = await post('/slack/hooks/T1/B1/x', { text: 'Teams: degraded' });
      const refused = await post('/slack/hooks/T1/B1/x', { username: 'beacon' });

      expect([accepted.status, await accepted.text()]).toEqual([200, 'ok']);
      expect([refused.status, await refused.text()]).toEqual([400, 'no_text']);
      expect(receivers.inbox.messages('/slack/hooks/T1/B1/x').map((m) => m.body)).toEqual([
        { text: 'Teams: degraded' },
      ]);
    });
  });

  describe('generic webhooks', () => {
    it('keeps the order, the raw body and the headers (for the signature), and takes each key once', async () => {
      const headers = (key: string) => ({ 'idempotency-key': key, 'x-beacon-signature': `sig-${key}` });
      await post('/webhooks/ops', '{"n": 1}', headers('a'));
      await post('/webhooks/ops', '{"n": 2}', headers('b'));
      const repeat = await post('/webhooks/ops', '{"n": 1}', headers('a'));
      await post('/webhooks/other', '{"n": 1}', headers('a'));

      expect(repeat.status).toBe(200);
      expect(
        receivers.inbox.messages('/webhooks/ops').map((m) => [m.rawBody, m.headers['x-beacon-signature']]),
      ).toEqual([
        ['{"n": 1}', 'sig-a'],
        ['{"n": 2}', 'sig-b'],
      ]);
      expect(receivers.inbox.duplicates('/webhooks/ops')).toBe(1);
      expect(receivers.inbox.messages('/webhooks/other')).toHaveLength(1);
      expect(receivers.inbox.requests().map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    });
  });

  describe('the Slack Web API', () => {
    it('checks the bot token as Slack does (a 200 with ok: false)', async () => {
      const missing = await post('/slack/api/chat.postMessage', { channel: 'C1', text: 'x' });

      expect(await missing.json()).toEqual({ ok: false, error: 'not_authed' });
      expect(await slackApi('chat.postMessage', { channel: 'C1', text: 'x' }, 'xoxb-wrong')).toEqual({
        ok: false,
        error: 'invalid_auth',
      });
      expect(receivers.slack.messages('C1')).toEqual([]);
    });

    it('posts, replies in the thread and edits the first message in place', async () => {
      const first = await slackApi('chat.postMessage', { channel: 'C1', text: 'EX1: investigating' });
      const reply = await slackApi('chat.postMessage', {
        channel: 'C1',
        text: 'update 1',
        thread_ts: first.ts,
      });
      const edited = await slackApi('chat.update', { channel: 'C1', ts: first.ts, text: 'EX1: resolved' });

      expect(first).toMatchObject({ ok: true, ts: expect.stringMatching(/^\d+\.\d{6}$/) });
      expect(edited).toMatchObject({ ok: true, ts: first.ts, text: 'EX1: resolved' });
      expect(receivers.slack.messages('C1')).toEqual([
        expect.objectContaining({ ts: first.ts, text: 'EX1: resolved', edits: 1, threadTs: undefined }),
        expect.objectContaining({ ts: reply.ts, text: 'update 1', threadTs: first.ts, edits: 0 }),
      ]);
      expect(receivers.inbox.messages('slack:C1').map((m) => m.kind)).toEqual([
        'slackApi',
        'slackApi',
        'slackApi',
      ]);
    });

    it('refuses what Slack refuses: an unknown message or thread, no text', async () => {
      expect(await slackApi('chat.update', { channel: 'C1', ts: '1.000001', text: 'x' })).toEqual({
        ok: false,
        error: 'message_not_found',
      });
      expect(await slackApi('chat.postMessage', { channel: 'C1', text: 'x', thread_ts: '1.000001' })).toEqual(
        {
          ok: false,
          error: 'thread_not_found',
        },
      );
      expect(await slackApi('chat.postMessage', { channel: 'C1' })).toEqual({ ok: false, error: 'no_text' });
      expect(receivers.inbox.messages('slack:C1')).toEqual([]);
    });

    it('answers a repeated key (in the metadata) with the first ts and posts nothing twice', async () => {
      const message = {
        channel: 'C1',
        text: 'EX1: investigating',
        metadata: { event_type: 'beacon_notification', event_payload: { idempotency_key: 'EX1/1/target' } },
      };
      const first = await slackApi('chat.postMessage', message);
      const again = await slackApi('chat.postMessage', message);

      expect(again.ts).toBe(first.ts);
      expect(receivers.slack.messages('C1')).toHaveLength(1);
      expect(receivers.inbox.duplicates('slack:C1')).toBe(1);
    });

    it('takes a form, as Slack SDKs send it, with the token in the body', async () => {
      const response = await fetch(`${origin}/slack/api/chat.postMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          token: SIMULATOR_SLACK_BOT_TOKEN,
          channel: 'C2',
          blocks: JSON.stringify([{ type: 'section', text: { type: 'mrkdwn', text: '*EX1*' } }]),
        }),
      });

      expect(await response.json()).toMatchObject({ ok: true });
      expect(receivers.slack.messages('C2')).toEqual([
        expect.objectContaining({ blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*EX1*' } }] }),
      ]);
    });
  });

  describe('failing on demand', () => {
    it('answers 500 the given number of times, then takes the message', async () => {
      receivers.faults.add({ target: '/webhooks', respond: 'serverError', times: 2 });

      const statuses = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await post('/webhooks/ops', { n: 1 })).status);

      expect(statuses).toEqual([500, 500, 200]);
      expect(receivers.inbox.requests('/webhooks/ops').map((r) => r.accepted)).toEqual([false, false, true]);
    });

    it('throttles with Retry-After, only the targets it names', async () => {
      receivers.faults.add({ target: '/teams/ops', respond: 'throttled', retryAfter: 7 });

      const throttled = await post('/teams/ops', card('x'));
      const other = await post('/teams/other', card('x'));

      expect([throttled.status, throttled.headers.get('retry-after')]).toEqual([429, '7']);
      expect(other.status).toBe(202);
    });

    it('drops the connection while down, until the fault is cleared', async () => {
      receivers.faults.add({ target: '*', respond: 'down' });

      await expect(post('/slack/hooks/a', { text: 'x' })).rejects.toThrow();
      receivers.faults.clear();
      expect((await post('/slack/hooks/a', { text: 'x' })).status).toBe(200);
      expect(receivers.inbox.requests('/slack/hooks/a').map((r) => r.status)).toEqual([0, 200]);
    });
  });
});
