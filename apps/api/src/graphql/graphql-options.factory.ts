import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import { Injectable } from '@nestjs/common';
import type { GqlOptionsFactory } from '@nestjs/graphql';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiKeyConnectionCheck, apiKeyPreParsingHook } from '../auth/api-key.hooks.js';
import { ApiKeysService } from '../auth/api-keys.service.js';
import { GraphqlErrorFormatter } from '../errors/graphql-error.formatter.js';
import type { GraphqlContext } from './graphql.context.js';
import { assertAffordable, assertValidSubscription, maxDepthRule } from './query-limits.util.js';
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

/**
 * Mercurius on Fastify, code-first: the schema is built from the model classes and resolvers. Queries
 * are parsed and validated once and cached, then compiled by graphql-jit on their second run.
 */
@Injectable()
export class GraphqlOptionsFactory implements GqlOptionsFactory<MercuriusDriverConfig> {
  constructor(
    private readonly loaders: RequestLoadersFactory,
    private readonly apiKeys: ApiKeysService,
    private readonly errors: GraphqlErrorFormatter,
  ) {}

  createGqlOptions(): Omit<MercuriusDriverConfig, 'driver'> {
    const production = process.env.NODE_ENV === 'production';
    return {
      path: GRAPHQL_PATH,
      // Written only where someone works on the code: never in production, nor by parallel test processes.
      autoSchemaFile: production || process.env.NODE_ENV === 'test' ? true : schemaFile(),
      sortSchema: true,
      graphiql: !production,
      jit: 1,
      context: (): GraphqlContext => ({ loaders: this.loaders.create() }),
      errorFormatter: this.errors.format,
      validationRules: [maxDepthRule()],
      additionalRouteOptions: { preParsing: apiKeyPreParsingHook(this.apiKeys) },
      subscription: {
        onConnect: apiKeyConnectionCheck(this.apiKeys),
        keepAlive: 30_000,
      },
      hooks: {
        preExecution: (schema, document, _context, variables) =>
          assertAffordable(schema, document, variables),
        preSubscriptionExecution: (schema, document) => assertValidSubscription(schema, document),
      },
    };
  }
}
