import type { RequestLoaders } from './request-loaders.factory.js';

/** What every resolver receives as its context (besides what Mercurius adds). */
export interface GraphqlContext {
  loaders: RequestLoaders;
}
