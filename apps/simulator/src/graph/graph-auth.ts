import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FaultSchedule } from '../faults/fault-schedule.js';
import { routeEndpoint } from '../faults/fault.hooks.js';
import { CREDENTIAL_FAULTS } from '../scenario/scenario.vocabulary.js';
import { nowMs } from '../timeline/moment.js';
import type { Timeline } from '../timeline/timeline.js';
import { sendGraphError } from './graph.responses.js';
import type { GraphSession, GraphTokens } from './graph-tokens.js';

const CHALLENGE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

/**
 * Bearer checks for Graph. They run in two halves so that faults can sit between them: a broken service
 * fails before it looks at tokens, but a per-tenant fault needs to know whose token it is.
 */
export class GraphAuth {
  readonly #sessions = new WeakMap<FastifyRequest, GraphSession>();

  constructor(
    private readonly tokens: GraphTokens,
    private readonly timeline: Timeline,
    private readonly faults: FaultSchedule,
  ) {}

  /** Ties the request to the session its token names, refusing nothing yet. */
  readonly identify = async (request: FastifyRequest): Promise<void> => {
    const session = this.tokens.lookup(bearer(request) ?? '');
    if (session) this.#sessions.set(request, session);
  };

  readonly tenantOf = (request: FastifyRequest): string | undefined =>
    this.#sessions.get(request)?.tenant.name;

  readonly authorize = async (
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply | undefined> => {
    const refuse = (message: string) =>
      sendGraphError(reply.header('www-authenticate', CHALLENGE), 401, message);
    const token = bearer(request);
    if (!token) return refuse('Access token is empty.');
    const session = this.#sessions.get(request);
    if (!session) return refuse('Access token validation failure. Invalid audience.');

    const moment = this.timeline.moment();
    if (session.expiresAtMs <= nowMs(moment))
      return refuse('Lifetime validation failed, the token is expired.');
    const fault = this.faults.match(
      {
        channel: 'graph',
        endpoint: routeEndpoint(request),
        tenant: session.tenant.name,
        offset: moment.offset,
      },
      CREDENTIAL_FAULTS,
    );
    switch (fault?.kind) {
      case 'expiredCredentials':
        return refuse('Lifetime validation failed, the token is expired.');
      case 'revokedCredentials':
        return refuse(
          'Continuous access evaluation resulted in challenge with result: InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp',
        );
      case 'forbidden':
        return sendGraphError(
          reply,
          403,
          'Insufficient privileges to complete the operation.',
          'Authorization_RequestDenied',
        );
    }
    return undefined;
  };

  /** The session of a request that passed `authorize`. */
  sessionOf(request: FastifyRequest): GraphSession {
    const session = this.#sessions.get(request);
    if (!session) throw new Error('sessionOf() called on a request that was not authorized');
    return session;
  }
}

function bearer(request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}
