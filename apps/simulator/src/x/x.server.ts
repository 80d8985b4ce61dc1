import fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import type { FaultSchedule } from '../faults/fault-schedule.js';
import { installFaultHooks, routeEndpoint } from '../faults/fault.hooks.js';
import type { Scenario } from '../scenario/scenario.schema.js';
import { CREDENTIAL_FAULTS } from '../scenario/scenario.vocabulary.js';
import { nowMs } from '../timeline/moment.js';
import type { Timeline } from '../timeline/timeline.js';
import { FixedWindowRateLimit } from './x-rate-limit.js';
import { paginationToken, readTimelineQuery, type TimelineQuery } from './x-timeline-query.js';
import {
  sendClientForbidden,
  sendInvalidRequest,
  sendNotFound,
  sendXJson,
  sendXProblem,
  setRateLimitHeaders,
  XInvalidRequest,
  xFaultResponses,
} from './x.responses.js';
import { compareIds, XWorld, type Tweet } from './x.world.js';

export interface XServerDeps {
  scenario: Scenario;
  timeline: Timeline;
  faults: FaultSchedule;
  logger: FastifyServerOptions['loggerInstance'];
}

/** X keeps only the newest posts of a timeline within reach of the API. */
const TIMELINE_REACH = 3200;

/** X API v2: the two endpoints Beacon reads, app-only bearer auth, per-endpoint rate-limit windows. */
export function buildXServer(deps: XServerDeps): FastifyInstance {
  const { scenario, timeline, faults } = deps;
  const world = new XWorld(scenario);
  const { limit, windowSeconds } = scenario.x.rateLimit;
  const rateLimit = new FixedWindowRateLimit(limit, windowSeconds);
  const app = fastify({ forceCloseConnections: true, loggerInstance: deps.logger });

  app.register(async (scope) => {
    installFaultHooks(scope, { channel: 'x', schedule: faults, timeline, responses: xFaultResponses });

    scope.addHook('preHandler', async (request, reply) => {
      const endpoint = routeEndpoint(request);
      const moment = timeline.moment();
      if (request.headers.authorization !== `Bearer ${scenario.x.bearerToken}`)
        return sendXProblem(reply, 401);
      const fault = faults.match(
        { channel: 'x', endpoint, tenant: undefined, offset: moment.offset },
        CREDENTIAL_FAULTS,
      );
      if (fault?.kind === 'forbidden') return sendClientForbidden(reply);
      if (fault) return sendXProblem(reply, 401);
      const { allowed, state } = rateLimit.take(endpoint, nowMs(moment));
      setRateLimitHeaders(reply, state);
      if (!allowed) return sendXProblem(reply, 429);
    });

    scope.get<{ Params: { username: string } }>(
      '/2/users/by/username/:username',
      { config: { endpoint: 'userLookup' } },
      async (request, reply) => {
        const { username } = request.params;
        if (!/^[A-Za-z0-9_]{1,15}$/.test(username)) {
          return sendInvalidRequest(
            reply,
            new XInvalidRequest(
              'username',
              username,
              `The \`username\` query parameter value [${username}] does not match ^[A-Za-z0-9_]{1,15}$`,
            ),
          );
        }
        if (username.toLowerCase() !== world.user.username.toLowerCase())
          return sendNotFound(reply, 'username', username);
        return sendXJson(reply, { data: world.user });
      },
    );

    scope.get<{ Params: { id: string }; Querystring: Record<string, string | undefined> }>(
      '/2/users/:id/tweets',
      { config: { endpoint: 'userTimeline' } },
      async (request, reply) => {
        let query: TimelineQuery;
        try {
          query = readTimelineQuery(request.query);
        } catch (error) {
          if (error instanceof XInvalidRequest) return sendInvalidRequest(reply, error);
          throw error;
        }
        if (request.params.id !== world.user.id) return sendNotFound(reply, 'id', request.params.id);
        return sendTimelinePage(reply, world.tweets(timeline.moment()), query);
      },
    );
  });

  app.setNotFoundHandler((_request, reply) =>
    sendXJson(reply, { errors: [{ message: 'Sorry, that page does not exist', code: 34 }] }, 404),
  );

  function sendTimelinePage(reply: FastifyReply, newestFirst: Tweet[], query: TimelineQuery): FastifyReply {
    const matching = newestFirst
      .slice(0, TIMELINE_REACH)
      .filter(
        (tweet) =>
          !(query.excludeReplies && tweet.kind === 'reply') &&
          !(query.excludeReposts && tweet.kind === 'repost') &&
          (query.sinceId === undefined || compareIds(tweet.id, query.sinceId) > 0) &&
          (query.untilId === undefined || compareIds(tweet.id, query.untilId) < 0) &&
          (query.beforeId === undefined || compareIds(tweet.id, query.beforeId) < 0) &&
          (query.startTimeMs === undefined || tweet.createdAtMs >= query.startTimeMs) &&
          (query.endTimeMs === undefined || tweet.createdAtMs <= query.endTimeMs),
      );
    const page = matching.slice(0, query.maxResults);
    const newest = page[0];
    const oldest = page.at(-1);
    if (!newest || !oldest) return sendXJson(reply, { meta: { result_count: 0 } });
    return sendXJson(reply, {
      data: page.map((tweet) => tweetJson(tweet, query.fields, world.user.id)),
      meta: {
        newest_id: newest.id,
        oldest_id: oldest.id,
        result_count: page.length,
        ...(matching.length > page.length ? { next_token: paginationToken(oldest.id) } : {}),
      },
    });
  }

  return app;
}

/** Default fields plus the requested ones, in the order X lists them. */
function tweetJson(tweet: Tweet, fields: Set<string>, authorId: string): Record<string, unknown> {
  const wanted = (field: string, value: unknown) =>
    fields.has(field) && value !== undefined ? { [field]: value } : {};
  const referenced =
    tweet.referencedId === undefined
      ? undefined
      : [{ type: tweet.kind === 'reply' ? 'replied_to' : 'retweeted', id: tweet.referencedId }];
  return {
    id: tweet.id,
    ...wanted('created_at', new Date(tweet.createdAtMs).toISOString()),
    ...wanted('author_id', authorId),
    ...wanted('conversation_id', tweet.kind === 'reply' ? tweet.referencedId : tweet.id),
    ...wanted('lang', 'en'),
    text: tweet.text,
    ...wanted('in_reply_to_user_id', tweet.inReplyToUserId),
    ...wanted('referenced_tweets', referenced),
    edit_history_tweet_ids: [tweet.id],
  };
}
