import mercurius, { type MercuriusCommonOptions } from 'mercurius';
import type { ApiErrorCode } from '../errors/api.error.js';

/** Documents remembered by hash, per process; the least recently used goes first past this. */
export const PERSISTED_QUERIES_KEPT = 1024;

/**
 * Automatic persisted queries (Apollo's protocol, over GET and POST): a client sends
 * `extensions.persistedQuery.sha256Hash` without the document; a hash this process does not know is
 * answered PERSISTED_QUERY_NOT_FOUND, and the client sends the document with its hash once, which runs
 * and is remembered. Only a document that ran is remembered, and the cache is bounded, so a stranger can
 * neither store what the limits refuse nor grow memory. One cache per server (a test runs several).
 */
export function persistedQueryProvider(): ReturnType<typeof mercurius.persistedQueryDefaults.automatic> {
  return mercurius.persistedQueryDefaults.automatic(PERSISTED_QUERIES_KEPT);
}

/** Mercurius's codes for the protocol's answers, and the `extensions.code` clients of APQ branch on. */
const PROTOCOL_CODES: Record<string, ApiErrorCode> = {
  MER_ERR_GQL_PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  MER_ERR_GQL_PERSISTED_QUERY_NOT_SUPPORTED: 'PERSISTED_QUERY_NOT_SUPPORTED',
};

/** What Mercurius says, with the same NOT_FOUND error, of a request with no document and no hash: BAD_REQUEST. */
const NO_DOCUMENT = 'Unknown query';

type Formatter = NonNullable<MercuriusCommonOptions['errorFormatter']>;

/** Gives the protocol's errors the codes APQ clients look for (Mercurius leaves them without one). */
export function persistedQueryErrors(format: Formatter): Formatter {
  return (execution, context) => {
    for (const error of execution.errors ?? []) {
      const original = error.originalError as (Error & { code?: string; extensions?: unknown }) | undefined;
      const code =
        original?.code === undefined || original.message === NO_DOCUMENT
          ? undefined
          : PROTOCOL_CODES[original.code];
      if (original && code) original.extensions = { code };
    }
    return format(execution, context);
  };
}
