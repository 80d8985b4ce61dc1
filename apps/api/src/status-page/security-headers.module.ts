import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { CONTENT_SECURITY_POLICY } from './status-page.headers.js';

/**
 * helmet's security headers on every answer (the API's, the page's, health checks): no sniffing, no
 * framing, no referrer, same-origin resource and opener policies, and the status page's strict content
 * security policy. In development GraphiQL, which runs inline scripts, gets no policy; the page keeps its
 * own (status-page.headers.ts) in any case.
 *
 * helmet itself, made once: @fastify/helmet builds helmet again from its options on every request (parsing
 * the policy each time), which was 12 % of the CPU of a request answered from memory.
 */
@Module({})
export class SecurityHeadersModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const development = process.env.NODE_ENV === 'development';
    const securityHeaders = helmet({
      contentSecurityPolicy: development
        ? false
        : { useDefaults: false, directives: { ...CONTENT_SECURITY_POLICY } },
      referrerPolicy: { policy: 'no-referrer' },
    });
    fastify.addHook('onRequest', (request, reply, done) =>
      securityHeaders(request.raw, reply.raw, done as (error?: unknown) => void),
    );
  }
}
