import fastifyStatic from '@fastify/static';
import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { statusPageHeaders } from './status-page.headers.js';
import { statusPageFolder } from './status-page.paths.js';

/**
 * Serves the status page (`apps/api/public`) at `/`: plain files, no build step, from the same process as
 * the API so that it answers when nothing else does. The page talks to Beacon only through GraphQL.
 */
@Module({})
export class StatusPageModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  async onModuleInit(): Promise<void> {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    await fastify.register(fastifyStatic, {
      root: statusPageFolder(),
      prefix: '/',
      // One route per file found at start-up, so that nothing else (GraphQL, health) is shadowed.
      wildcard: false,
      // Revalidate every time (ETag, 304): after an upgrade nobody keeps an old page that misreads the API.
      cacheControl: false,
      setHeaders: (reply) => {
        reply.headers(statusPageHeaders);
      },
    });
  }
}
