import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Timeline } from '../timeline/timeline.js';
import type { GraphAuth } from './graph-auth.js';
import {
  GraphQueryError,
  readCollectionQuery,
  selectProperties,
  skipToken,
  type CollectionQuery,
  type CollectionRules,
} from './graph-query.js';
import { collectionBody } from './graph-page.js';
import { GRAPH_JSON, sendGraphError, sendGraphJson } from './graph.responses.js';
import { renderIncidentReport } from './incident-report.document.js';
import type { GraphWorld, ServiceHealth, ServiceHealthIssue, ServiceUpdateMessage } from './graph.world.js';

export interface ServiceAnnouncementDeps {
  world: GraphWorld;
  timeline: Timeline;
  auth: GraphAuth;
}

const ISSUE_PROPERTIES: (keyof ServiceHealthIssue)[] = [
  'startDateTime',
  'endDateTime',
  'lastModifiedDateTime',
  'title',
  'id',
  'impactDescription',
  'classification',
  'origin',
  'status',
  'service',
  'feature',
  'featureGroup',
  'isResolved',
  'highImpact',
  'details',
  'posts',
];
const MESSAGE_PROPERTIES: (keyof ServiceUpdateMessage)[] = [
  'startDateTime',
  'endDateTime',
  'lastModifiedDateTime',
  'title',
  'id',
  'category',
  'severity',
  'tags',
  'isMajorChange',
  'actionRequiredByDateTime',
  'services',
  'expiryDateTime',
  'hasAttachments',
  'viewPoint',
  'details',
  'body',
];

const RULES = {
  healthOverviews: {
    entityType: 'microsoft.graph.serviceHealth',
    properties: ['service', 'status', 'id', 'issues'],
    options: ['$expand'],
    expandable: ['issues'],
  },
  issues: {
    entityType: 'microsoft.graph.serviceHealthIssue',
    properties: ISSUE_PROPERTIES,
    options: ['$filter', '$top', '$skiptoken'],
  },
  issue: { entityType: 'microsoft.graph.serviceHealthIssue', properties: ISSUE_PROPERTIES, options: [] },
  messages: {
    entityType: 'microsoft.graph.serviceUpdateMessage',
    properties: MESSAGE_PROPERTIES,
    options: ['$filter', '$top', '$skiptoken'],
  },
  message: {
    entityType: 'microsoft.graph.serviceUpdateMessage',
    properties: MESSAGE_PROPERTIES,
    options: [],
  },
} satisfies Record<string, CollectionRules>;

type Query = Record<string, string | undefined>;

/** `/v1.0/admin/serviceAnnouncement/…`, each answer for the tenant whose token came with the request. */
export function serviceAnnouncementRoutes(scope: FastifyInstance, deps: ServiceAnnouncementDeps): void {
  const { world, timeline, auth } = deps;
  const context = (request: FastifyRequest, path: string) =>
    `https://${request.host}/v1.0/$metadata#admin/serviceAnnouncement/${path}`;

  scope.get<{ Querystring: Query }>(
    '/healthOverviews',
    { config: { endpoint: 'healthOverviews' } },
    async (request, reply) => {
      const query = read(request, RULES.healthOverviews);
      const services = withIssues(request, query);
      return sendGraphJson(reply, {
        '@odata.context': context(request, 'healthOverviews'),
        value: services.map((service) => selectProperties(service, query.select)),
      });
    },
  );

  scope.get<{ Params: { name: string }; Querystring: Query }>(
    '/healthOverviews/:name',
    { config: { endpoint: 'healthOverviews' } },
    async (request, reply) => {
      const query = read(request, RULES.healthOverviews);
      const service = withIssues(request, query).find(
        (candidate) => candidate.service.toLowerCase() === request.params.name.toLowerCase(),
      );
      if (!service) return notFound(reply, request.params.name);
      return sendGraphJson(reply, {
        '@odata.context': context(request, 'healthOverviews/$entity'),
        ...selectProperties(service, query.select),
      });
    },
  );

  scope.get<{ Querystring: Query }>('/issues', { config: { endpoint: 'issues' } }, async (request, reply) => {
    const { tenant } = auth.sessionOf(request);
    const items = world.issues(tenant, timeline.moment());
    return sendPage(request, reply, items, read(request, RULES.issues), 'issues');
  });

  scope.get<{ Params: { id: string }; Querystring: Query }>(
    '/issues/:id',
    { config: { endpoint: 'issues' } },
    async (request, reply) => {
      const query = read(request, RULES.issue);
      const state = world.issue(auth.sessionOf(request).tenant, request.params.id, timeline.moment());
      if (!state) return notFound(reply, request.params.id);
      return sendGraphJson(reply, {
        '@odata.context': context(request, 'issues/$entity'),
        ...selectProperties(state.json, query.select),
      });
    },
  );

  scope.get<{ Params: { id: string } }>(
    '/issues/:id/incidentReport',
    { config: { endpoint: 'incidentReport' } },
    async (request, reply) => {
      const state = world.issue(auth.sessionOf(request).tenant, request.params.id, timeline.moment());
      // The review exists only once it is published; before that Graph has nothing to stream.
      if (state?.json.status.toLowerCase() !== 'postincidentreviewpublished') {
        return notFound(reply, request.params.id);
      }
      const report = state.incidentReport ?? {
        text: `Post-incident review for ${state.json.id}: ${state.json.title}`,
        format: 'docx',
        at: new Date(Date.parse(state.json.lastModifiedDateTime)),
      };
      // Graph streams every review as bytes of no declared type, whatever the document is.
      const document = await renderIncidentReport(report.text, report.format, report.at);
      return reply.code(200).type('application/octet-stream').send(document);
    },
  );

  scope.get<{ Querystring: Query }>(
    '/messages',
    { config: { endpoint: 'messages' } },
    async (request, reply) => {
      const items = world.messages(auth.sessionOf(request).tenant, timeline.moment());
      return sendPage(request, reply, items, read(request, RULES.messages), 'messages');
    },
  );

  scope.get<{ Params: { id: string }; Querystring: Query }>(
    '/messages/:id',
    { config: { endpoint: 'messages' } },
    async (request, reply) => {
      const query = read(request, RULES.message);
      const message = world
        .messages(auth.sessionOf(request).tenant, timeline.moment())
        .find((candidate) => candidate.id.toLowerCase() === request.params.id.toLowerCase());
      if (!message) return notFound(reply, request.params.id);
      return sendGraphJson(reply, {
        '@odata.context': context(request, 'messages/$entity'),
        ...selectProperties(message, query.select),
      });
    },
  );

  scope.setErrorHandler((error, _request, reply) => {
    if (error instanceof GraphQueryError) return sendGraphError(reply, 400, error.message);
    throw error;
  });

  function withIssues(request: FastifyRequest, query: CollectionQuery): ServiceHealth[] {
    const { tenant } = auth.sessionOf(request);
    const moment = timeline.moment();
    const services = world.services(tenant, moment);
    if (!query.expand?.includes('issues')) return services;
    const issues = world.issues(tenant, moment);
    return services.map((service) => ({
      ...service,
      issues: issues.filter((issue) => issue.service.toLowerCase() === service.service.toLowerCase()),
    }));
  }

  function sendPage<T extends { lastModifiedDateTime: string }>(
    request: FastifyRequest,
    reply: FastifyReply,
    items: readonly T[],
    query: CollectionQuery,
    collection: string,
  ): FastifyReply {
    const since = query.modifiedSinceMs;
    const matching =
      since === undefined ? items : items.filter((item) => Date.parse(item.lastModifiedDateTime) >= since);
    const end = query.skip + query.pageSize;
    const next =
      end < matching.length
        ? `https://${request.host}/v1.0/admin/serviceAnnouncement/${collection}?$skiptoken=${skipToken(query, end)}`
        : undefined;
    if (query.maxPageSizeApplied !== undefined) {
      reply.header('preference-applied', `odata.maxpagesize=${query.maxPageSizeApplied}`);
    }
    const envelope = {
      '@odata.context': context(request, collection),
      ...(next === undefined ? {} : { '@odata.nextLink': next }),
    };
    return reply
      .code(200)
      .type(GRAPH_JSON)
      .send(collectionBody(envelope, matching.slice(query.skip, end), query.select));
  }
}

function read(request: FastifyRequest<{ Querystring: Query }>, rules: CollectionRules): CollectionQuery {
  const prefer = request.headers.prefer;
  return readCollectionQuery(request.query, Array.isArray(prefer) ? prefer.join(',') : prefer, rules);
}

function notFound(reply: FastifyReply, key: string): FastifyReply {
  return sendGraphError(reply, 404, `The requested resource '${key}' does not exist.`, 'NotFound');
}
