import mercurius, { type MercuriusCommonOptions } from 'mercurius';
import { createHash } from 'node:crypto';
import type { ApiErrorCode } from '../errors/api.error.js';

/** Documents remembered by hash, per process; the least recently used goes first past this. */
export const PERSISTED_QUERIES_KEPT = 1024;

type Provider = ReturnType<typeof mercurius.persistedQueryDefaults.automatic>;

/** A document's hash, as automatic persisted queries name it: its UTF-8 text's SHA-256, in hex. */
export function documentHash(document: string): string {
  return createHash('sha256').update(document, 'utf8').digest('hex');
}

/**
 * Automatic persisted queries (Apollo's protocol): a client sends `extensions.persistedQuery.sha256Hash`
 * without the document; a hash this process does not know is answered PERSISTED_QUERY_NOT_FOUND, and the
 * client sends the document with its hash once, which runs and is remembered. Only a document that ran is
 * remembered, and the cache is bounded, so a stranger can neither store what the limits refuse nor grow
 * memory. One store per server (a test runs several), for queries over HTTP and subscriptions over
 * WebSocket alike (see persisted-subscriptions.ts), read synchronously: a subscribe message is resolved
 * before Mercurius reads it.
 */
export class PersistedQueries {
  private readonly documents = new Map<string, string>();

  /** The document of `hash`, if it ran here lately. */
  get(hash: string): string | undefined {
    const document = this.documents.get(hash);
    if (document !== undefined) {
      // The most recently used goes last, the next to go first.
      this.documents.delete(hash);
      this.documents.set(hash, document);
    }
    return document;
  }

  save(hash: string, document: string): void {
    this.documents.delete(hash);
    this.documents.set(hash, document);
    if (this.documents.size > PERSISTED_QUERIES_KEPT)
      this.documents.delete(this.documents.keys().next().value!);
  }

  /** Mercurius's automatic persisted queries over HTTP (its checks and messages), on this store. */
  provider(): Provider {
    return {
      ...mercurius.persistedQueryDefaults.automatic(1),
      getHashForQuery: documentHash,
      getQueryFromHash: async (hash) => this.get(hash),
      saveQuery: async (hash, document) => this.save(hash, document),
    };
  }
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
