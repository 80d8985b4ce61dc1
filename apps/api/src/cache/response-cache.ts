import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  BREAK,
  type DocumentNode,
  type GraphQLField,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { createHash } from 'node:crypto';
import type { Principal } from '../auth/principal.js';
import {
  COMPRESSION_THRESHOLD_BYTES,
  type Encoding,
  encode,
  encodingFor,
  etagOf,
} from '../status-page/wire.module.js';
import { viewOfPrincipal } from './read-cache.policy.js';

/** Whole answers kept at most, in bytes (least recently used go first): a page of 50 incidents is ~100 KB. */
export const RESPONSE_BYTES = 64 * 1024 * 1024;

const JSON_TYPE = 'application/json; charset=utf-8';

/** What a response cache needs of the read cache: its generation, whether LISTEN is up, its policy. */
export interface ResponseCacheSource {
  generation(): number;
  listening(): boolean;
  /** A field's maximum age in ms; Infinity: derived from its parent alone; undefined: never kept. */
  maxAgeOf(type: string, field: string): number | undefined;
  /**
   * False for a moment after a time-bound answer (the overview, as Graph's freshness is about to flip) was
   * found not to hold for its maximum age: no whole answer is kept then (any, for simplicity: a second at most).
   */
  settled(): boolean;
  count(outcome: 'hit' | 'miss' | 'shared' | 'bypass'): void;
}

interface Pending {
  key: string;
  /** Gives the answer to the identical requests that came meanwhile (null: they run their own). */
  settle: (entry: Entry | null) => void;
  generation: number;
  startedAt: number;
  /** Set once GraphQL has the document: how long its answer may be kept, or null (never). */
  maxAgeMs?: number | null;
}

/** An answer kept, with what the wire needs to send it made once, not per request. */
interface Entry {
  key: string;
  bytes: Buffer;
  etag: string;
  /** The bytes compressed, each made at the first request that accepts its encoding. */
  encoded: Partial<Record<Encoding, Buffer>>;
  expiresAt: number;
}

/**
 * Whole answers to queries, kept as the bytes that were sent and sent again without GraphQL running at all:
 * a hit costs a hash of the document and a map lookup, where the per-field cache (read-cache.ts) costs a
 * lookup per cached field (about 51 for a page of 50 incidents) plus execution and serialisation. What the
 * wire adds to an answer is made once per answer kept too: its ETag, and its br and gzip bytes.
 *
 * mercurius-cache cannot do this (it caches resolvers' results, inside execution), nor can Mercurius's
 * hooks (the earliest, preParsing, still runs validation, the context and execution): it is a route
 * preHandler on /graphql, after the access hook has counted the request against its rate limits.
 *
 * The key is the caller's tenant view, the document (by its SHA-256, which is also what persisted queries
 * send), the operation, the variables and the read cache's generation. An answer is kept only when it has
 * no errors, its operation is a query, and every field it resolves is a field the read cache keeps (or one
 * derived from its parent alone): its maximum age is the shortest of theirs, counted from the start of the
 * read, and it is dropped with everything else on every change notice, loss of LISTEN and mutation.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly pending = new WeakMap<FastifyRequest, Pending>();
  /** Answers being read, by key: an identical request waits for one rather than reading it again. */
  private readonly inFlight = new Map<string, Promise<Entry | null>>();
  private readonly ages = new WeakMap<DocumentNode, Map<string, number | null>>();

  constructor(private readonly source: ResponseCacheSource) {}

  clear(): void {
    this.entries.clear();
    // Reads in flight stay: their keys hold the old generation, which no request asks for any more.
    this.bytes = 0;
  }

  /** The preHandler of /graphql: answers from memory when it can; else notes what the answer would be kept under. */
  lookup(principalOf: (request: FastifyRequest) => Principal | undefined) {
    return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
      const principal = principalOf(request);
      if ((request as FastifyRequest & { ws?: boolean }).ws === true || !principal) return undefined;
      const parts = requestParts(request);
      if (!parts) return undefined;
      if (!this.source.listening()) {
        this.source.count('bypass');
        return undefined;
      }
      const generation = this.source.generation();
      const key = JSON.stringify([generation, viewOfPrincipal(principal), ...parts]);
      const now = Date.now();
      const entry = this.entries.get(key);
      if (entry && entry.expiresAt > now) {
        // Least recently used first: a hit moves the entry to the end.
        this.entries.delete(key);
        this.entries.set(key, entry);
        this.source.count('hit');
        return this.send(entry, request, reply);
      }
      if (entry) this.remove(key, entry);
      const shared = this.inFlight.get(key);
      if (shared) {
        const answer = await shared;
        this.source.count(answer ? 'shared' : 'miss');
        return answer ? this.send(answer, request, reply) : undefined;
      }
      this.source.count('miss');
      let settle!: (entry: Entry | null) => void;
      const reading = new Promise<Entry | null>((resolve) => (settle = resolve));
      this.inFlight.set(key, reading);
      const pending: Pending = {
        key,
        generation,
        startedAt: now,
        settle: (answer) => {
          if (this.inFlight.get(key) === reading) this.inFlight.delete(key);
          settle(answer); // only the first settles the promise
        },
      };
      this.pending.set(request, pending);
      // Whatever ends the request (an answer not kept, an error before execution, a client gone).
      reply.raw.once('close', () => pending.settle(null));
      return undefined;
    };
  }

  /** Mercurius's preExecution: how long the answer of this operation may be kept. */
  classify(schema: GraphQLSchema, document: DocumentNode, request: FastifyRequest | undefined): void {
    const pending = request && this.pending.get(request);
    if (!pending) return;
    const operationName = operationNameIn(request);
    let byOperation = this.ages.get(document);
    if (!byOperation) this.ages.set(document, (byOperation = new Map()));
    let maxAgeMs = byOperation.get(operationName ?? '');
    if (maxAgeMs === undefined) {
      maxAgeMs = this.maxAgeOfOperation(schema, document, operationName);
      byOperation.set(operationName ?? '', maxAgeMs);
    }
    pending.maxAgeMs = maxAgeMs;
  }

  /** Mercurius's onResolution: keeps a complete answer, unless a notice came while it was read. */
  store(
    execution: { data?: unknown; errors?: readonly unknown[] },
    request: FastifyRequest | undefined,
  ): void {
    const pending = request && this.pending.get(request);
    if (!pending) return;
    pending.settle(this.keep(pending, execution));
  }

  /**
   * A kept answer with its ETag (the one the wire would compute from the same bytes), compressed as the
   * client accepts it, with the bytes of that encoding made once per answer. A revalidation (If-None-Match)
   * goes as any answer does: the ETag's hook answers 304, or compression compresses.
   */
  private send(entry: Entry, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    reply.code(200).header('content-type', JSON_TYPE).header('etag', entry.etag);
    const encoding =
      entry.bytes.length >= COMPRESSION_THRESHOLD_BYTES && request.headers['if-none-match'] === undefined
        ? encodingFor(request)
        : null;
    if (!encoding) return reply.send(entry.bytes);
    let encoded = entry.encoded[encoding];
    if (!encoded) {
      encoded = entry.encoded[encoding] = encode(entry.bytes, encoding);
      // Counted while the answer is kept (an entry already dropped is not: its bytes go with it).
      if (this.entries.get(entry.key) === entry) this.bytes += encoded.length;
    }
    const vary = reply.getHeader('vary');
    return reply
      .header('vary', vary ? `${String(vary)}, accept-encoding` : 'accept-encoding')
      .header('content-encoding', encoding)
      .send(encoded);
  }

  private keep(pending: Pending, execution: { data?: unknown; errors?: readonly unknown[] }): Entry | null {
    if (!pending.maxAgeMs || execution.errors?.length || execution.data == null) return null;
    if (pending.generation !== this.source.generation() || !this.source.listening()) return null;
    // The end of the time bucket the read began in, as the per-field cache counts it.
    const expiresAt = (Math.floor(pending.startedAt / pending.maxAgeMs) + 1) * pending.maxAgeMs;
    if (expiresAt === Infinity || !this.source.settled()) return null;
    const bytes = Buffer.from(JSON.stringify({ data: execution.data }));
    const previous = this.entries.get(pending.key);
    if (previous) this.remove(pending.key, previous);
    const entry: Entry = { key: pending.key, bytes, etag: etagOf(bytes), encoded: {}, expiresAt };
    this.entries.set(pending.key, entry);
    this.bytes += bytes.length;
    for (const [key, kept] of this.entries) {
      if (this.bytes <= RESPONSE_BYTES) break;
      this.remove(key, kept);
    }
    return entry;
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes.length + (entry.encoded.br?.length ?? 0) + (entry.encoded.gzip?.length ?? 0);
  }

  /** The shortest maximum age of the fields the operation resolves; null if one of them is never kept. */
  private maxAgeOfOperation(
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | undefined,
  ): number | null {
    const operations = document.definitions.filter(
      (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
    );
    const operation =
      operationName === undefined
        ? operations.length === 1
          ? operations[0]
          : undefined
        : operations.find((candidate) => candidate.name?.value === operationName);
    if (operation?.operation !== 'query') return null;
    let maxAgeMs: number | null = Infinity;
    const fragments = document.definitions.filter(
      (definition) => definition.kind === Kind.FRAGMENT_DEFINITION,
    );
    for (const node of [operation, ...fragments]) {
      const typeInfo = new TypeInfo(schema);
      visit(
        node,
        visitWithTypeInfo(typeInfo, {
          Field: (field) => {
            const parent = typeInfo.getParentType();
            const definition = typeInfo.getFieldDef();
            if (field.name.value === '__typename') return undefined;
            if (parent && definition && readsItsParent(definition)) return undefined;
            const age = parent ? this.source.maxAgeOf(parent.name, field.name.value) : undefined;
            if (age === undefined) {
              maxAgeMs = null;
              return BREAK;
            }
            maxAgeMs = Math.min(maxAgeMs!, age);
            return undefined;
          },
        }),
      );
      if (maxAgeMs === null) return null;
    }
    return maxAgeMs;
  }
}

/**
 * A field without a resolver of its own reads its parent's property: nothing of its own to keep. Nest's
 * code-first schema gives such fields a resolver that does only that (for their default value), named
 * `rootFieldResolver` (@nestjs/graphql, object-type-definition.factory); a @ResolveField replaces it.
 */
function readsItsParent(definition: GraphQLField<unknown, unknown>): boolean {
  return definition.resolve === undefined || definition.resolve.name === 'rootFieldResolver';
}

/** The document's SHA-256 (or the persisted query's hash), operation and variables; null: not keyable. */
function requestParts(request: FastifyRequest): [string, string | null, string] | null {
  const fields = (request.method === 'POST' ? request.body : request.query) as
    { query?: unknown; operationName?: unknown; variables?: unknown; extensions?: unknown } | undefined;
  if (!fields || typeof fields !== 'object' || Array.isArray(fields)) return null;
  const extensions = request.method === 'POST' ? fields.extensions : parsed(fields.extensions);
  const claimed = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery
    ?.sha256Hash;
  let document: string;
  if (typeof fields.query === 'string' && fields.query.length > 0) {
    document = digestOf(fields.query);
    // A hash that is not the document's is Mercurius's error to give.
    if (claimed !== undefined && claimed !== document) return null;
  } else if (typeof claimed === 'string') {
    document = claimed;
  } else return null;
  const variables = request.method === 'POST' ? fields.variables : parsed(fields.variables);
  if (variables === INVALID) return null;
  const operationName = typeof fields.operationName === 'string' ? fields.operationName : null;
  return [document, operationName, JSON.stringify(variables ?? null)];
}

/**
 * The SHA-256 of documents asked recently, by their text: the page and frontends send the same few
 * documents again and again, and hashing one cost more than the rest of a hit's lookup. Only short
 * documents are remembered, and at most DIGESTS_KEPT (the whole set goes once it is full), so that what
 * is held stays small whatever is sent.
 */
const digests = new Map<string, string>();
const DIGESTS_KEPT = 1024;
const DIGEST_KEPT_UP_TO = 8 * 1024;

function digestOf(document: string): string {
  let digest = digests.get(document);
  if (digest === undefined) {
    digest = createHash('sha256').update(document).digest('hex');
    if (document.length > DIGEST_KEPT_UP_TO) return digest;
    if (digests.size >= DIGESTS_KEPT) digests.clear();
    digests.set(document, digest);
  }
  return digest;
}

const INVALID = Symbol('invalid');

function parsed(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return INVALID;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return INVALID;
  }
}

function operationNameIn(request: FastifyRequest): string | undefined {
  const named = ((request.method === 'POST' ? request.body : request.query) as { operationName?: unknown })
    ?.operationName;
  return typeof named === 'string' && named.length > 0 ? named : undefined;
}
