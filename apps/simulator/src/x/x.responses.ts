import type { FastifyReply } from 'fastify';
import type { FaultResponses } from '../faults/fault.hooks.js';
import type { RateLimitState } from './x-rate-limit.js';

const JSON_TYPE = 'application/json; charset=utf-8';

const TITLES: Record<number, string> = {
  401: 'Unauthorized',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function sendXJson(reply: FastifyReply, body: unknown, status = 200): FastifyReply {
  return reply.code(status).type(JSON_TYPE).send(JSON.stringify(body));
}

/** X's "problem" body for transport-level refusals. */
export function sendXProblem(reply: FastifyReply, status: number): FastifyReply {
  const title = TITLES[status] ?? 'Error';
  return sendXJson(reply, { title, detail: title, type: 'about:blank', status }, status);
}

export function setRateLimitHeaders(reply: FastifyReply, state: RateLimitState): FastifyReply {
  return reply
    .header('x-rate-limit-limit', String(state.limit))
    .header('x-rate-limit-remaining', String(state.remaining))
    .header('x-rate-limit-reset', String(state.reset));
}

export class XInvalidRequest extends Error {
  constructor(
    readonly parameter: string,
    readonly value: string,
    message: string,
  ) {
    super(message);
  }
}

export function sendInvalidRequest(reply: FastifyReply, error: XInvalidRequest): FastifyReply {
  return sendXJson(
    reply,
    {
      errors: [{ parameters: { [error.parameter]: [error.value] }, message: error.message }],
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      type: 'https://api.twitter.com/2/problems/invalid-request',
    },
    400,
  );
}

/** A 200 that finds nothing: X reports missing resources in `errors`, not with a 404. */
export function sendNotFound(reply: FastifyReply, parameter: 'id' | 'username', value: string): FastifyReply {
  return sendXJson(reply, {
    errors: [
      {
        value,
        detail: `Could not find user with ${parameter}: [${value}].`,
        title: 'Not Found Error',
        resource_type: 'user',
        parameter,
        resource_id: value,
        type: 'https://api.twitter.com/2/problems/resource-not-found',
      },
    ],
  });
}

/** What X says to an app whose access tier does not cover the endpoint. */
export function sendClientForbidden(reply: FastifyReply): FastifyReply {
  return sendXJson(
    reply,
    {
      client_id: '28491753',
      detail:
        'When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project. You can create a project via the developer portal.',
      registration_url: 'https://developer.twitter.com/en/docs/projects/overview',
      title: 'Client Forbidden',
      required_enrollment: 'Appropriate Level of API Access',
      reason: 'client-not-enrolled',
      type: 'https://api.twitter.com/2/problems/client-forbidden',
    },
    403,
  );
}

const X_SHELL = `<!DOCTYPE html><html dir="ltr" lang="en"><head><meta charset="utf-8"/><meta name="viewport" content="width=device-width,initial-scale=1,maximum-scale=1,user-scalable=0,viewport-fit=cover"/><title>X</title></head><body><noscript>JavaScript is not available.</noscript><div id="react-root"></div></body></html>`;

export const xFaultResponses: FaultResponses = {
  serverError: (reply, status) => sendXProblem(reply, status),
  throttled: (reply, { resetAtMs }) =>
    sendXProblem(
      setRateLimitHeaders(reply, { limit: 0, remaining: 0, reset: Math.ceil(resetAtMs / 1000) }),
      429,
    ),
  htmlPage: X_SHELL,
};
