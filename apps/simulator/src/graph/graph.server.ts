import fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { FaultSchedule } from '../faults/fault-schedule.js';
import { installFaultHooks } from '../faults/fault.hooks.js';
import type { Scenario } from '../scenario/scenario.schema.js';
import { nowMs } from '../timeline/moment.js';
import type { Timeline } from '../timeline/timeline.js';
import type { Certificate } from './certificate.js';
import { entraTokenRoutes } from './entra-token.routes.js';
import { GraphAuth } from './graph-auth.js';
import { SlidingWindowThrottle } from './graph-throttle.js';
import { GraphTokens } from './graph-tokens.js';
import { graphFaultResponses, sendGraphError } from './graph.responses.js';
import { GraphWorld } from './graph.world.js';
import { serviceAnnouncementRoutes } from './service-announcement.routes.js';

export interface GraphServerDeps {
  scenario: Scenario;
  timeline: Timeline;
  faults: FaultSchedule;
  certificate: Certificate;
  logger: FastifyServerOptions['loggerInstance'];
}

/**
 * Microsoft Graph's service communications API and Entra's token endpoint on one https origin, so that
 * GRAPH_BASE_URL and GRAPH_AUTHORITY_URL can both point at it.
 */
export function buildGraphServer(deps: GraphServerDeps): FastifyInstance {
  const { scenario, timeline, faults, certificate } = deps;
  const app = fastify({
    https: { key: certificate.key, cert: certificate.cert },
    forceCloseConnections: true,
    loggerInstance: deps.logger,
  });
  const world = new GraphWorld(scenario);
  const tokens = new GraphTokens();
  const auth = new GraphAuth(tokens, timeline, faults);
  const throttle = new SlidingWindowThrottle([
    { limit: scenario.graph.throttle.perMinute, seconds: 60 },
    { limit: scenario.graph.throttle.perHour, seconds: 3600 },
  ]);

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  app.register(async (scope) => {
    installFaultHooks(scope, {
      channel: 'graph',
      schedule: faults,
      timeline,
      responses: graphFaultResponses,
      tenantOf: (request) => world.tenantById((request.params as { tenant: string }).tenant)?.name,
    });
    entraTokenRoutes(scope, { scenario, world, tokens, timeline, faults });
  });

  app.register(
    async (scope) => {
      scope.addHook('preHandler', auth.identify);
      installFaultHooks(scope, {
        channel: 'graph',
        schedule: faults,
        timeline,
        responses: graphFaultResponses,
        tenantOf: auth.tenantOf,
      });
      scope.addHook('preHandler', auth.authorize);
      scope.addHook('preHandler', async (request, reply) => {
        const now = nowMs(timeline.moment());
        const decision = throttle.take(auth.sessionOf(request).tenant.name, now);
        if (!decision.allowed) {
          const { retryAfterSeconds } = decision;
          return graphFaultResponses.throttled(reply, {
            retryAfterSeconds,
            resetAtMs: now + retryAfterSeconds * 1000,
          });
        }
      });
      serviceAnnouncementRoutes(scope, { world, timeline, auth });
    },
    { prefix: '/v1.0/admin/serviceAnnouncement' },
  );

  app.setNotFoundHandler((request, reply) => {
    const segment = request.url.split('?')[0]?.split('/').filter(Boolean).at(-1) ?? '';
    return sendGraphError(reply, 400, `Resource not found for the segment '${segment}'.`);
  });

  return app;
}
