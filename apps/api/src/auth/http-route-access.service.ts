import type { ApiKeyRole } from '#persistence';
import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccessService } from './access.service.js';
import type { Principal } from './principal.js';
import { RateLimits } from './rate-limits.js';

/**
 * For plain HTTP routes beside GraphQL (the exports): the same checks as a GraphQL request — the
 * address's rate limit (429), a key (401) with at least `role` (403), the key's rate limit (429).
 */
@Injectable()
export class HttpRouteAccess {
  constructor(
    private readonly access: AccessService,
    private readonly limits: RateLimits,
  ) {}

  async principalWithRole(
    request: FastifyRequest,
    reply: FastifyReply,
    role: ApiKeyRole,
  ): Promise<Principal> {
    await this.limits.checkAddress(request, reply);
    const principal = await this.access.principalWithRole(request.headers, role);
    await this.limits.checkKey(request, reply, principal);
    return principal;
  }
}
