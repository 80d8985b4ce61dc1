import fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Inbox, ReceiverKind } from './inbox.js';
import type { ReceiverFault, ReceiverFaults } from './receiver-faults.js';
import type { SlackWorkspace } from './slack-workspace.js';

export interface HttpReceiverDeps {
  inbox: Inbox;
  faults: ReceiverFaults;
  slack: SlackWorkspace;
  /** The bot token `chat.postMessage` and `chat.update` require. */
  slackBotToken: string;
  logger?: FastifyInstance['log'];
}

/** What a route decided: the answer, whether it is a success, and what the request is keyed and filed under. */
interface Outcome {
  status: number;
  answer: unknown;
  type?: string;
  succeeded: boolean;
  target?: string;
  idempotencyKey?: string;
  body?: unknown;
}

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Teams Workflows webhooks (`/teams/…`), Slack incoming webhooks (`/slack/hooks/…`), the Slack Web API
 * (`/slack/api/chat.postMessage`, `/slack/api/chat.update`) and generic webhooks (`/webhooks/…`), each
 * answering as its service does. Every request is filed in the inbox, failures and duplicates too.
 */
export function buildHttpReceiverServer(deps: HttpReceiverDeps): FastifyInstance {
  const { inbox, faults, slack } = deps;
  const app = fastify({
    forceCloseConnections: true,
    loggerInstance: deps.logger,
    bodyLimit: 4 * 1024 * 1024,
  });
  // Bodies stay text: a signature covers the bytes as sent, and a malformed body is each service's to refuse.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  const receive =
    (kind: ReceiverKind, handle: (request: FastifyRequest, raw: string) => Outcome) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const raw = typeof request.body === 'string' ? request.body : '';
      const path = request.url.split('?')[0]!;
      const base = { kind, headers: headersOf(request), rawBody: raw };
      const fault = faults.take(path);
      if (fault !== undefined) {
        inbox.record({ ...base, target: path, status: faultStatus(fault), body: parseJson(raw) }, false);
        return failOnDemand(fault, kind, request, reply);
      }
      const outcome = handle(request, raw);
      inbox.record(
        {
          ...base,
          target: outcome.target ?? path,
          status: outcome.status,
          body: outcome.body ?? parseJson(raw),
          idempotencyKey: outcome.idempotencyKey ?? header(request, 'idempotency-key'),
          response: outcome.answer,
        },
        outcome.succeeded,
      );
      reply.code(outcome.status);
      if (outcome.type !== undefined) reply.type(outcome.type);
      return outcome.answer;
    };

  app.post(
    '/teams/*',
    receive('teams', (_request, raw) => teams(raw)),
  );
  app.post(
    '/slack/hooks/*',
    receive('slackWebhook', (_request, raw) => slackWebhook(raw)),
  );
  app.post(
    '/webhooks/*',
    receive('webhook', (_request, raw) => webhook(raw)),
  );
  for (const method of ['chat.postMessage', 'chat.update'] as const) {
    app.post(
      `/slack/api/${method}`,
      receive('slackApi', (request, raw) => {
        const fields = slackFields(request, raw);
        const target = typeof fields?.channel === 'string' ? `slack:${fields.channel}` : undefined;
        const idempotencyKey = header(request, 'idempotency-key') ?? metadataKey(fields?.metadata);
        const answered = (answer: unknown): Outcome => ({
          status: 200,
          type: JSON_TYPE,
          answer,
          succeeded: (answer as { ok: boolean }).ok,
          target,
          idempotencyKey,
          body: fields,
        });
        if (fields === undefined) return answered({ ok: false, error: 'invalid_json' });
        const token = bearer(request) ?? (typeof fields.token === 'string' ? fields.token : undefined);
        if (token === undefined) return answered({ ok: false, error: 'not_authed' });
        if (token !== deps.slackBotToken) return answered({ ok: false, error: 'invalid_auth' });
        // A repeat keeps the first answer (the same ts) and changes nothing: the inbox counts it.
        const first = target && idempotencyKey ? inbox.takenWith(target, idempotencyKey) : undefined;
        if (first !== undefined) return answered(first.response);
        return answered(method === 'chat.update' ? slack.update(fields) : slack.postMessage(fields));
      }),
    );
  }
  return app;
}

function teams(raw: string): Outcome {
  const body = parseJson(raw) as { type?: unknown; attachments?: unknown } | undefined;
  const problem =
    body === undefined || typeof body !== 'object' || body === null
      ? 'The request content is not valid JSON.'
      : body.type !== 'message'
        ? "The property 'type' must be 'message'."
        : !Array.isArray(body.attachments) || body.attachments.length === 0
          ? "The property 'attachments' must hold at least one card."
          : body.attachments.every(
                (a: { contentType?: unknown; content?: { type?: unknown } }) =>
                  a?.contentType === ADAPTIVE_CARD && a.content?.type === 'AdaptiveCard',
              )
            ? undefined
            : `Every attachment must be '${ADAPTIVE_CARD}' with an AdaptiveCard content.`;
  if (problem !== undefined) {
    return {
      status: 400,
      type: JSON_TYPE,
      answer: { error: { code: 'InvalidRequestContent', message: problem } },
      succeeded: false,
    };
  }
  // Workflows accept the post and run the flow later: 202, no body.
  return { status: 202, answer: '', succeeded: true };
}

function slackWebhook(raw: string): Outcome {
  const body = parseJson(raw) as Record<string, unknown> | undefined;
  const refuse = (error: string): Outcome => ({
    status: 400,
    type: 'text/plain',
    answer: error,
    succeeded: false,
  });
  if (body === undefined || typeof body !== 'object' || body === null) return refuse('invalid_payload');
  const hasText = typeof body.text === 'string' && body.text !== '';
  const hasBlocks = Array.isArray(body.blocks) && body.blocks.length > 0;
  if (!hasText && !hasBlocks && !Array.isArray(body.attachments)) return refuse('no_text');
  return { status: 200, type: 'text/plain', answer: 'ok', succeeded: true };
}

function webhook(raw: string): Outcome {
  if (parseJson(raw) === undefined) {
    return { status: 400, type: JSON_TYPE, answer: { error: 'the body is not JSON' }, succeeded: false };
  }
  return { status: 200, type: JSON_TYPE, answer: { received: true }, succeeded: true };
}

/** The Web API takes JSON or a form; in a form, `blocks` and `metadata` are JSON strings. */
function slackFields(request: FastifyRequest, raw: string): Record<string, unknown> | undefined {
  const type = request.headers['content-type'] ?? '';
  if (type.startsWith('application/x-www-form-urlencoded')) {
    const fields: Record<string, unknown> = Object.fromEntries(new URLSearchParams(raw));
    for (const name of ['blocks', 'attachments', 'metadata']) {
      if (typeof fields[name] === 'string') fields[name] = parseJson(fields[name]) ?? fields[name];
    }
    return fields;
  }
  const body = parseJson(raw);
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : undefined;
}

/** The idempotency key a bot message carries in Slack's message metadata. */
function metadataKey(metadata: unknown): string | undefined {
  const key = (metadata as { event_payload?: { idempotency_key?: unknown } } | undefined)?.event_payload
    ?.idempotency_key;
  return typeof key === 'string' ? key : undefined;
}

function failOnDemand(
  fault: ReceiverFault,
  kind: ReceiverKind,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (fault.respond === 'down') {
    reply.hijack();
    request.raw.socket.destroy();
    return reply;
  }
  const status = faultStatus(fault);
  if (fault.respond === 'throttled') reply.header('retry-after', String(fault.retryAfter ?? 30));
  const error = fault.respond === 'throttled' ? 'ratelimited' : 'internal_error';
  return kind === 'slackApi' || kind === 'slackWebhook'
    ? reply.code(status).type(JSON_TYPE).send({ ok: false, error })
    : reply.code(status).type(JSON_TYPE).send({ error });
}

function faultStatus(fault: ReceiverFault): number {
  return fault.respond === 'down' ? 0 : fault.respond === 'throttled' ? 429 : (fault.status ?? 500);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function bearer(request: FastifyRequest): string | undefined {
  return /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
}

function headersOf(request: FastifyRequest): Record<string, string> {
  return Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(', ') : String(value),
    ]),
  );
}
