import { Controller, Get, Header, Inject, Optional, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Registry } from 'prom-client';
import { isLoopbackAddress, METRICS_ACCESS, type MetricsAccess } from './metrics-access.js';

/**
 * `/metrics` for Prometheus: with an admin key where the process serves the API (the same keys as
 * GraphQL), and to this machine only in a process without it (the ingestor alone), which has no keys.
 */
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly registry: Registry,
    @Optional() @Inject(METRICS_ACCESS) private readonly access?: MetricsAccess,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const verdict = this.access
      ? await this.access.check(request.headers)
      : isLoopbackAddress(request.socket.remoteAddress)
        ? 'allowed'
        : 'forbidden';
    if (verdict === 'unauthenticated') {
      await reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="beacon"')
        .send({ error: 'an admin API key is required: "Authorization: Bearer <key>"' });
      return;
    }
    if (verdict === 'forbidden') {
      await reply.code(403).send({
        error: this.access
          ? 'metrics need a key with the admin role'
          : 'this process serves metrics to its own machine only',
      });
      return;
    }
    await reply.header('Content-Type', this.registry.contentType).send(await this.registry.metrics());
  }
}
