import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { receiverFaultSchema } from './receiver-faults.js';
import type { Receivers } from './receivers.js';

const targetQuery = z.strictObject({ target: z.string().min(1).optional() });

/**
 * `/_simulator/receivers/…`: what the receivers got and their failures on demand, for a test in another
 * process or a person watching a demo.
 */
export function receiverControlRoutes(scope: FastifyInstance, receivers: Receivers): void {
  const { inbox, faults, slack } = receivers;

  /** Per target: requests, taken messages, duplicates, failures; and the faults in force. */
  scope.get('/receivers', async () => ({ targets: inbox.summary(), faults: faults.active() }));

  /** Every request, in order (`?target=/teams/ops` for one target's). */
  scope.get('/receivers/requests', async (request, reply) => {
    const query = targetQuery.safeParse(request.query);
    if (!query.success) return reply.code(400).send({ error: z.prettifyError(query.error) });
    return { requests: inbox.requests(query.data.target) };
  });

  /** What one target took, in order: each message once. */
  scope.get('/receivers/messages', async (request, reply) => {
    const query = targetQuery.required().safeParse(request.query);
    if (!query.success) return reply.code(400).send({ error: z.prettifyError(query.error) });
    return { messages: inbox.messages(query.data.target) };
  });

  /** A Slack channel as it looks now: the bot's messages, edited in place, and their thread replies. */
  scope.get<{ Params: { channel: string } }>('/receivers/slack/:channel', async (request) => ({
    messages: slack.messages(request.params.channel),
  }));

  /** Body: `{ "target": "/teams", "respond": "serverError" | "throttled" | "down", "times"?, "seconds"?, … }`. */
  scope.post('/receivers/faults', async (request, reply) => {
    const parsed = receiverFaultSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: z.prettifyError(parsed.error) });
    faults.add(parsed.data);
    return { faults: faults.active() };
  });

  scope.delete('/receivers/faults', async () => {
    faults.clear();
    return { faults: [] };
  });

  /** Forgets every request, Slack message and fault. */
  scope.post('/receivers/reset', async () => {
    receivers.reset();
    return { targets: [] };
  });
}
