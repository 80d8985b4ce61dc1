import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpRouteAccess } from '../auth/http-route-access.service.js';
import { type Principal, requireRole } from '../auth/principal.js';

/** The part of a GraphQL context that says who asks. */
export interface AskingContext {
  principal: Principal;
}

/**
 * Who may read statistics, incidents' analysis and exports: keys with the analyst role (or admin).
 * Statistics, `Incident.analysis` and the exports all ask this one class.
 */
@Injectable()
export class AnalystAccess {
  constructor(private readonly access: HttpRouteAccess) {}

  /** For the exports, plain HTTP routes outside GraphQL: the request's key, or 401/403 (429 past a rate limit). */
  assertCanAnalyse(request: FastifyRequest, reply: FastifyReply): Promise<Principal> {
    return this.access.principalWithRole(request, reply, 'analyst');
  }

  /** The same check, for a GraphQL resolver (FORBIDDEN). */
  assertContextCanAnalyse(context: AskingContext): Principal {
    requireRole(context, 'analyst');
    return context.principal;
  }
}
