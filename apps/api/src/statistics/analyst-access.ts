import { Injectable } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { unauthenticated } from '../auth/api-key.hooks.js';
import { ApiKeysService } from '../auth/api-keys.service.js';

/** The part of a GraphQL context (Mercurius's) that says who asks. */
export interface AskingContext {
  reply?: { request?: { headers?: IncomingHttpHeaders } };
}

/**
 * Who may read statistics, incidents' analysis and exports. Today: whoever the API keys admit (every caller
 * when `API_KEYS` is unset), checked again here because exports are plain HTTP routes outside GraphQL.
 * The analyst role check goes here: statistics, `Incident.analysis` and the exports all ask this one method.
 */
@Injectable()
export class AnalystAccess {
  constructor(private readonly apiKeys: ApiKeysService) {}

  assertCanAnalyse(headers: IncomingHttpHeaders | undefined): void {
    if (this.apiKeys.required && this.apiKeys.verify(headers) !== 'valid') throw unauthenticated();
  }

  /** The same check, for a GraphQL resolver. */
  assertContextCanAnalyse(context: AskingContext): void {
    this.assertCanAnalyse(context.reply?.request?.headers);
  }
}
