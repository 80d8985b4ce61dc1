import { BEACON_CONFIG, type BeaconConfig } from '#config';
import type { MercuriusPlugin } from '@nestjs/mercurius';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit, Optional } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MercuriusPlugin as MercuriusInstance } from 'mercurius';
import mercuriusCache, { type MercuriusCacheContext, type MercuriusCacheOptions } from 'mercurius-cache';
import { Counter, Registry } from 'prom-client';
import type { Principal } from '../auth/principal.js';
import type { GraphqlContext } from '../graphql/graphql.context.js';
import { ChangeListener } from '../subscriptions/change.listener.js';
import { type CachedField, cachedFields, DERIVED_FIELDS, MAX_AGE_MS, viewOf } from './read-cache.policy.js';
import { ResponseCache } from './response-cache.js';

/** Answers kept at most (least recently used go first); one per field, arguments, parent and view. */
const ENTRIES = 20_000;

type Outcome = 'hit' | 'miss' | 'shared' | 'bypass';

/**
 * Answers served from memory until the data changes (mercurius-cache on the fields of read-cache.policy).
 *
 * Every key carries a generation that every change notice and every loss or return of the LISTEN
 * connection moves on, so once a notice is delivered no read looks up, or waits on, an answer begun
 * before it: a read that started earlier and ends later stores its answer under a key nobody asks for any
 * more (the entries are also dropped at once, for memory's sake). While LISTEN is down, changes may go
 * unheard: the cache is bypassed until it is back. Keys also carry the caller's tenant view and a time
 * bucket of the field's maximum age (see MAX_AGE_MS).
 *
 * In front of it, whole answers are kept as bytes (response-cache.ts) under the same generation: a query
 * asked again is answered without GraphQL running at all.
 */
@Injectable()
export class ReadCache implements OnModuleInit, OnModuleDestroy {
  private generation = 0;
  private listening = false;
  private store: MercuriusCacheContext | null = null;
  private readonly stops: Array<() => void> = [];
  private readonly reads: Counter<'field' | 'outcome'>;
  private readonly responseReads: Counter<'outcome'>;
  private readonly policy: Record<string, Record<string, CachedField>>;
  /** Until when an answer of a field with `trueUntil` was found not true for its whole maximum age. */
  private unsettledUntil = 0;
  private readonly responses: ResponseCache;

  constructor(
    private readonly listener: ChangeListener,
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
    @Optional() registry?: Registry,
  ) {
    this.reads = new Counter({
      name: 'beacon_api_cache_reads_total',
      help: 'Reads of cached GraphQL fields: hit, miss, shared (waited on the same read) or bypass (LISTEN down).',
      labelNames: ['field', 'outcome'],
      registers: registry ? [registry] : [],
    });
    this.responseReads = new Counter({
      name: 'beacon_api_response_cache_reads_total',
      help: 'GraphQL requests looked up whole: hit (kept), shared (the answer of the same request in flight), miss or bypass (LISTEN down).',
      labelNames: ['outcome'],
      registers: registry ? [registry] : [],
    });
    this.policy = cachedFields(config.graph.staleSeconds);
    this.responses = new ResponseCache({
      generation: () => this.generation,
      listening: () => this.listening,
      maxAgeOf: (type, field) =>
        this.policy[type]?.[field]?.maxAgeMs ??
        (DERIVED_FIELDS[type]?.includes(field) ? Infinity : undefined),
      settled: () => this.unsettledUntil <= Date.now(),
      count: (outcome) => this.responseReads.inc({ outcome }),
    });
  }

  onModuleInit(): void {
    this.stops.push(
      this.listener.subscribe(() => this.invalidate()),
      this.listener.onListening((listening) => {
        this.listening = listening;
        this.invalidate();
      }),
    );
  }

  onModuleDestroy(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  /** The Mercurius plugins that serve the cached fields (for MercuriusDriverConfig.plugins). */
  plugins(): MercuriusPlugin[] {
    return [
      { plugin: mercuriusCache.default, options: this.options() },
      { plugin: async (app: FastifyInstance) => this.attach(app) },
    ];
  }

  /** The preHandler of the GraphQL route: whole answers from memory (see response-cache.ts). */
  responseLookup(
    principalOf: (request: FastifyRequest) => Principal | undefined,
  ): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined> {
    return this.responses.lookup(principalOf);
  }

  private invalidate(): void {
    this.generation += 1;
    void this.store?.clear();
    this.responses.clear();
  }

  private attach(app: FastifyInstance): void {
    const graphql = (app as unknown as { graphql: MercuriusInstance }).graphql;
    // The plugin builds its store when the server is ready; until then there is nothing to drop.
    app.addHook('onReady', async () => {
      this.store = graphql.cache ?? null;
    });
    // A mutation of this process (keys, tenants) may change what a view reads without a notice: what was
    // kept goes once it is done (the other processes keep theirs at most MAX_AGE_MS.default).
    const mutating = new WeakSet<object>();
    graphql.addHook('preExecution', async (schema, document, context) => {
      if (document.definitions.some((d) => d.kind === 'OperationDefinition' && d.operation === 'mutation'))
        mutating.add(context);
      this.responses.classify(schema, document, context.reply?.request);
    });
    graphql.addHook('onResolution', async (execution, context) => {
      if (mutating.has(context)) this.invalidate();
      else this.responses.store(execution, context.reply?.request);
    });
  }

  private options(): MercuriusCacheOptions {
    const policy: Record<string, Record<string, object>> = {};
    for (const [type, fields] of Object.entries(this.policy)) {
      policy[type] = Object.fromEntries(
        Object.entries(fields).map(([name, field]) => [name, this.fieldPolicy(field)]),
      );
    }
    const count = (outcome: Outcome) => (type: string, field: string) =>
      this.reads.inc({ field: `${type}.${field}`, outcome });
    return {
      policy,
      // The plugin wants a default lifetime with a storage; every field has its own (fieldPolicy).
      ttl: Math.ceil(MAX_AGE_MS.default / 1000),
      storage: { type: 'memory', options: { size: ENTRIES } },
      skip: () => !this.listening,
      onHit: count('hit'),
      onMiss: count('miss'),
      onDedupe: count('shared'),
      onSkip: count('bypass'),
    };
  }

  private fieldPolicy(field: CachedField): object {
    // Entries of past generations and buckets are never asked for again: kept only until they expire.
    const keepSeconds = Math.ceil(field.maxAgeMs / 1000) + 1;
    return {
      key: ({
        self,
        arg,
        ctx,
        fields,
      }: {
        self: unknown;
        arg: unknown;
        ctx: GraphqlContext;
        fields: string[];
      }) =>
        JSON.stringify([
          this.generation,
          Math.floor(Date.now() / field.maxAgeMs),
          viewOf(ctx),
          field.parent(self),
          arg,
          fields,
        ]),
      ttl: (result: unknown) => {
        if (!field.trueUntil || field.trueUntil(result, new Date(Date.now() + field.maxAgeMs)))
          return keepSeconds;
        // Nor may a whole answer holding it be kept for that long (the flip is within its maximum age).
        this.unsettledUntil = Math.max(this.unsettledUntil, Date.now() + field.maxAgeMs);
        return 0;
      },
    };
  }
}
