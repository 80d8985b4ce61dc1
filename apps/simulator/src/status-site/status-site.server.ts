import fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { FaultSchedule } from '../faults/fault-schedule.js';
import { installFaultHooks } from '../faults/fault.hooks.js';
import type { Scenario } from '../scenario/scenario.schema.js';
import { STATUS_SITE_POSTS } from '../scenario/scenario.vocabulary.js';
import type { Timeline } from '../timeline/timeline.js';
import { FEEDS, renderFeed } from './rss-feed.js';
import { SPA_SHELL, statusSiteFaultResponses } from './status-site.pages.js';
import { StatusSiteWorld } from './status-site.world.js';

export interface StatusSiteServerDeps {
  scenario: Scenario;
  timeline: Timeline;
  faults: FaultSchedule;
  logger: FastifyServerOptions['loggerInstance'];
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** status.cloud.microsoft's observed data endpoints; every other path is the SPA shell under a 200. */
export function buildStatusSiteServer(deps: StatusSiteServerDeps): FastifyInstance {
  const { timeline } = deps;
  const world = new StatusSiteWorld(deps.scenario);
  const app = fastify({ forceCloseConnections: true, loggerInstance: deps.logger });

  app.register(async (scope) => {
    installFaultHooks(scope, {
      channel: 'statusSite',
      schedule: deps.faults,
      timeline,
      responses: statusSiteFaultResponses,
    });
    for (const feed of Object.keys(FEEDS) as (keyof typeof FEEDS)[]) {
      scope.get(`/api/feed/${feed}`, { config: { endpoint: `feed/${feed}` } }, async (_request, reply) =>
        reply
          .type('application/rss+xml; charset=utf-8')
          .send(renderFeed(feed, world.post(feed, timeline.moment()))),
      );
    }
    for (const name of STATUS_SITE_POSTS) {
      scope.get(`/api/posts/${name}`, { config: { endpoint: `posts/${name}` } }, async (_request, reply) =>
        reply.type(JSON_TYPE).send(JSON.stringify(world.post(name, timeline.moment()))),
      );
    }
    scope.get(
      '/api/posts/m365Consumer',
      { config: { endpoint: 'posts/m365Consumer' } },
      async (_request, reply) =>
        reply.type(JSON_TYPE).send(JSON.stringify(world.consumerPosts(timeline.moment()))),
    );
  });

  app.setNotFoundHandler((_request, reply) =>
    reply.code(200).type('text/html; charset=utf-8').send(SPA_SHELL),
  );
  return app;
}
