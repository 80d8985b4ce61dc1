import helmet from '@fastify/helmet';
import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { CONTENT_SECURITY_POLICY } from './status-page.headers.js';

/**
 * helmet's security headers on every answer (the API's, the page's, health checks): no sniffing, no
 * framing, no referrer, same-origin resource and opener policies, and the status page's strict content
 * security policy. In development GraphiQL, which runs inline scripts, gets no policy; the page keeps its
 * own (status-page.headers.ts) in any case.
 */
@Module({})
export class SecurityHeadersModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  async onModuleInit(): Promise<void> {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const development = process.env.NODE_ENV === 'development';
    await fastify.register(helmet, {
      contentSecurityPolicy: development
        ? false
        : { useDefaults: false, directives: { ...CONTENT_SECURITY_POLICY } },
      referrerPolicy: { policy: 'no-referrer' },
    });
  }
}
