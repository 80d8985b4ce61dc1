import { Injectable } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { AccessService } from '../auth/access.service.js';
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
  constructor(private readonly access: AccessService) {}

  /** For the exports, plain HTTP routes outside GraphQL: the headers' key, or 401/403. */
  assertCanAnalyse(headers: IncomingHttpHeaders): Promise<Principal> {
    return this.access.principalWithRole(headers, 'analyst');
  }

  /** The same check, for a GraphQL resolver (FORBIDDEN). */
  assertContextCanAnalyse(context: AskingContext): Principal {
    requireRole(context, 'analyst');
    return context.principal;
  }
}
