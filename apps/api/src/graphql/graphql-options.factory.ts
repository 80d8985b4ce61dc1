import { BEACON_CONFIG, type BeaconConfig } from '#config';
import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import { Inject, Injectable } from '@nestjs/common';
import type { GqlOptionsFactory } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  accessConnectionCheck,
  accessPreParsingHook,
  type ConnectionContext,
  NO_ACCESS,
  principalOf,
} from '../auth/access.hooks.js';
import { AccessService } from '../auth/access.service.js';
import { ConnectionRegistry } from '../auth/connection-limits.js';
import { RateLimits } from '../auth/rate-limits.js';
import { websocketOriginCheck } from '../auth/websocket-origin.js';
import { ReadCache } from '../cache/read-cache.js';
import { GraphqlErrorFormatter } from '../errors/graphql-error.formatter.js';
import {
  allowNullExtensions,
  negotiatedContentType,
  negotiatedErrorFormatter,
  revalidatedReads,
} from './graphql-over-http.js';
import type { GraphqlContext } from './graphql.context.js';
import { PersistedSubscriptions } from '../subscriptions/persisted-subscriptions.js';
import { PersistedQueries, persistedQueryErrors } from './persisted-queries.js';
import { DOCUMENT_LIMITS } from './query-cost.util.js';
import {
  assertAffordable,
  assertSubscriptionWithinTokens,
  assertValidSubscription,
  documentLimitsRule,
  maxDepthRule,
} from './query-limits.util.js';
import { RequestLoadersFactory } from './request-loaders.factory.js';

export const GRAPHQL_PATH = '/graphql';

/**
 * Where the generated schema is written, sorted, for review (see apps/api/README.md, "Schema"): in the
 * checkout this code runs from (the folder above it that holds package.json), whatever the working folder.
 */
export function schemaFile(from: string = fileURLToPath(import.meta.url)): string {
  let dir = path.dirname(from);
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'apps', 'api', 'schema.gql');
}

/** The operation a request runs, as its body (POST) or query string (GET) names it. */
function operationNameOf(request: FastifyRequest): string | undefined {
  const named =
    (request.body as { operationName?: unknown } | undefined)?.operationName ??
    (request.query as { operationName?: unknown } | undefined)?.operationName;
  return typeof named === 'string' && named.length > 0 ? named : undefined;
}

/**
 * Mercurius on Fastify, code-first: the schema is built from the model classes and resolvers. Queries
 * are parsed and validated once and cached, then compiled by graphql-jit on their second run.
 */
@Injectable()
export class GraphqlOptionsFactory implements GqlOptionsFactory<MercuriusDriverConfig> {
  private readonly connections: ConnectionRegistry;
  private readonly persistedQueries = new PersistedQueries();
  private readonly persistedSubscriptions = new PersistedSubscriptions(this.persistedQueries);

  constructor(
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
    private readonly loaders: RequestLoadersFactory,
    private readonly access: AccessService,
    private readonly rateLimits: RateLimits,
    private readonly errors: GraphqlErrorFormatter,
    private readonly readCache: ReadCache,
  ) {
    this.connections = new ConnectionRegistry(config.access.connectionsPerKey);
  }

  createGqlOptions(): Omit<MercuriusDriverConfig, 'driver'> {
    const environment = process.env.NODE_ENV;
    return {
      path: GRAPHQL_PATH,
      // Written only where someone works on the code: never in production, nor by parallel test processes.
      autoSchemaFile: environment === 'production' || environment === 'test' ? true : schemaFile(),
      sortSchema: true,
      // An in-browser IDE is for whoever develops against Beacon, never a default of a running service.
      graphiql: environment === 'development',
      jit: 1,
      plugins: this.readCache.plugins(),
      graphql: { parseOptions: { maxTokens: DOCUMENT_LIMITS.tokens } },
      // Mercurius also builds a context to format the error of a request refused before it (no key): that
      // one gets no access at all, which nothing reads since the request never executes.
      context: (request: FastifyRequest): GraphqlContext => ({
        loaders: this.loaders.create(),
        principal: principalOf(request) ?? NO_ACCESS,
      }),
      errorFormatter: negotiatedErrorFormatter(persistedQueryErrors(this.errors.format)),
      persistedQueryProvider: this.persistedQueries.provider(),
      validationRules: [documentLimitsRule(), maxDepthRule()],
      additionalRouteOptions: {
        preParsing: accessPreParsingHook(this.access, this.rateLimits),
        // The WebSocket route's too: its server is watched before it hands Mercurius the first socket.
        preValidation: [allowNullExtensions, this.persistedSubscriptions.watch],
        // After the access hook (the request counted against its rate limits): answers kept whole.
        preHandler: this.readCache.responseLookup(principalOf),
        onSend: [negotiatedContentType, revalidatedReads],
      },
      subscription: {
        verifyClient: websocketOriginCheck(this.config.access.allowedOrigins),
        onConnect: accessConnectionCheck(this.access, (principal) => this.connections.admit(principal)),
        onDisconnect: (context) => (context as Partial<ConnectionContext>).limits?.close(),
        keepAlive: 30_000,
      },
      hooks: {
        preExecution: (schema, document, context, variables) =>
          assertAffordable(schema, document, variables, operationNameOf(context.reply.request)),
        preSubscriptionParsing: (_schema, source) => {
          this.persistedSubscriptions.refuse(source);
          assertSubscriptionWithinTokens(source);
        },
        preSubscriptionExecution: (schema, document) => {
          assertValidSubscription(schema, document);
          this.persistedSubscriptions.ran(document);
        },
      },
    };
  }
}
