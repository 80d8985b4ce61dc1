import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { FaultResponses } from '../faults/fault.hooks.js';

/** The content type Graph answers with; clients must look at its first part only. */
export const GRAPH_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

const ERROR_CODES: Record<number, string> = {
  400: 'BadRequest',
  401: 'InvalidAuthenticationToken',
  403: 'Forbidden',
  404: 'NotFound',
  429: 'TooManyRequests',
  500: 'UnknownError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

export function sendGraphJson(reply: FastifyReply, body: unknown, status = 200): FastifyReply {
  return reply.code(status).type(GRAPH_JSON).send(JSON.stringify(body));
}

/** Graph's error body: `{"error":{"code","message","innerError":{date, request-id, client-request-id}}}`. */
export function sendGraphError(
  reply: FastifyReply,
  status: number,
  message: string,
  code = ERROR_CODES[status] ?? 'UnknownError',
): FastifyReply {
  const requestId = randomUUID();
  const clientRequestId = reply.request.headers['client-request-id'];
  return sendGraphJson(
    reply.header('request-id', requestId),
    {
      error: {
        code,
        message,
        // Diagnostics, like the ids: they tell the real time of the failure, whatever the story's clock says.
        innerError: {
          date: new Date().toISOString().slice(0, 19),
          'request-id': requestId,
          'client-request-id': typeof clientRequestId === 'string' ? clientRequestId : requestId,
        },
      },
    },
    status,
  );
}

/** Entra's token error, field for field as samples/graph-token-error.json. */
export function sendEntraError(
  reply: FastifyReply,
  status: number,
  error: string,
  code: number,
  description: string,
): FastifyReply {
  const body = {
    error,
    error_description: `AADSTS${code}: ${description}`,
    error_codes: [code],
    timestamp: new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z',
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
  };
  return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}

/** A sign-in page: what a proxy or a misrouted request puts under a 200 instead of Graph's JSON. */
const SIGN_IN_PAGE = `<!DOCTYPE html>
<html dir="ltr" class="" lang="en">
<head>
    <title>Sign in to your account</title>
    <meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
    <meta name="viewport" content="width=device-width, initial-scale=1.0, maximum-scale=2.0, user-scalable=yes">
</head>
<body data-bind="defineGlobals: ServerData, bodyCssClass">
    <div id="lightbox" role="main">Sign in to your account</div>
    <script crossorigin="anonymous" src="https://aadcdn.msftauth.net/shared/1.0/content/js/ConvergedLogin_PCore.js"></script>
</body>
</html>
`;

export const graphFaultResponses: FaultResponses = {
  serverError: (reply, status) =>
    sendGraphError(reply, status, status === 503 ? 'The service is temporarily unavailable.' : ''),
  throttled: (reply, { retryAfterSeconds }) =>
    sendGraphError(reply.header('retry-after', String(retryAfterSeconds)), 429, 'Too many requests.'),
  htmlPage: SIGN_IN_PAGE,
};
