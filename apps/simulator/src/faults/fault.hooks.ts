import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TRANSPORT_FAULTS, type Channel, type Endpoint } from '../scenario/scenario.vocabulary.js';
import { timeAt } from '../timeline/moment.js';
import type { Timeline } from '../timeline/timeline.js';
import type { FaultSchedule } from './fault-schedule.js';

/** How a channel says "server error", "slow down" and "here is a web page" in its own words. */
export interface FaultResponses {
  serverError(reply: FastifyReply, status: number): FastifyReply;
  /** `retryAfterSeconds`: how long to wait; `resetAtMs`: when that is, on the scenario's clock. */
  throttled(reply: FastifyReply, retry: { retryAfterSeconds: number; resetAtMs: number }): FastifyReply;
  /** What a 200 carries when something other than the API answers (a sign-in page, the SPA shell). */
  htmlPage: string;
}

export interface FaultHookOptions {
  channel: Channel;
  schedule: FaultSchedule;
  timeline: Timeline;
  responses: FaultResponses;
  tenantOf?: (request: FastifyRequest) => string | undefined;
}

/** Routes name their endpoint in `config` so that faults can aim at some of them. */
export function endpointOf(request: FastifyRequest): Endpoint | undefined {
  return (request.routeOptions.config as { endpoint?: Endpoint }).endpoint;
}

/** For hooks whose scope holds only routes that name their endpoint. */
export function routeEndpoint(request: FastifyRequest): Endpoint {
  const endpoint = endpointOf(request);
  if (endpoint === undefined) throw new Error(`route ${request.routeOptions.url} names no endpoint`);
  return endpoint;
}

/**
 * Breaks the exchanges of the routes in `scope` as the scenario says. Call it after any hook that
 * `tenantOf` depends on and before the checks that a broken upstream would never reach.
 */
export function installFaultHooks(scope: FastifyInstance, options: FaultHookOptions): void {
  const { channel, schedule, timeline, responses, tenantOf } = options;
  const damaged = new WeakMap<FastifyRequest, 'truncated' | 'malformed'>();

  scope.addHook('preHandler', async (request, reply) => {
    const endpoint = endpointOf(request);
    if (!endpoint) return;
    const moment = timeline.moment();
    const tenant = tenantOf?.(request);
    const fault = schedule.match({ channel, endpoint, tenant, offset: moment.offset }, TRANSPORT_FAULTS);
    switch (fault?.kind) {
      case 'serverError':
        return responses.serverError(reply, fault.status ?? 503);
      case 'throttled': {
        const left = Number.isFinite(fault.until) ? Math.ceil(fault.until - moment.offset) : 60;
        const retryAfterSeconds = fault.retryAfter ?? Math.max(1, left);
        return responses.throttled(reply, {
          retryAfterSeconds,
          resetAtMs: timeAt(moment, moment.offset + retryAfterSeconds),
        });
      }
      case 'timeout':
        // No answer at all: the connection stays open until the client gives up or the simulator stops.
        reply.hijack();
        return reply;
      case 'slow':
        await sleep(fault.delayMs ?? 5000);
        return;
      case 'htmlShell':
        return reply.code(200).type('text/html; charset=utf-8').send(responses.htmlPage);
      case 'truncated':
      case 'malformed':
        damaged.set(request, fault.kind);
        return;
    }
  });

  scope.addHook('onSend', async (request, reply, payload) => {
    const damage = damaged.get(request);
    if (damage === undefined || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return payload;
    const bytes = Buffer.from(payload);
    if (damage === 'malformed') {
      // A complete HTTP answer whose body stops mid-document: JSON or XML that does not parse.
      return bytes.subarray(0, Math.ceil(bytes.length * 0.6));
    }
    // The connection drops mid-body: the length announced is never reached.
    reply.header('content-length', String(bytes.length));
    const body = new Readable({ read() {} });
    body.push(bytes.subarray(0, Math.floor(bytes.length / 2)));
    setImmediate(() => body.destroy(new Error('connection dropped by a truncated fault')));
    return body;
  });
}
