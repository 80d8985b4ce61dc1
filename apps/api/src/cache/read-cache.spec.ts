import type { BeaconConfig } from '#config';
import type { ChangeNotice } from '#domain';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import mercurius, { type IResolvers } from 'mercurius';
import type { ChangeListener } from '../subscriptions/change.listener.js';
import { Registry } from 'prom-client';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { etagOf, registerWire } from '../status-page/wire.module.js';
import { ReadCache } from './read-cache.js';

/**
 * The cache's rules on a real Mercurius, with resolvers whose reads the test holds open: a stand-in for
 * the LISTEN connection delivers notices and losses exactly when the test says.
 */
const SCHEMA = `
  type Query {
    overview: Overview
    services: [Service!]!
    service(id: ID!): Service
    incidents: [Incident!]!
    incident(id: ID!): Incident
    messages: [String!]!
    sources: [Source!]!
  }
  type Mutation {
    rename(title: String!): Boolean
  }
  type Overview { generatedAt: String, sources: [Source!]! }
  type Source { channel: String, tenantId: String, lastSuccessAt: String }
  type Service { id: ID!, activeIncidents: [Incident!]! }
  type Incident { id: ID!, title: String, updates: [String!]!, sightings: [String!]!, aliases: [String!]!, tenantIds: [String!]!, service: Service }
`;

class Listener {
  private readonly notices = new Set<(notice: ChangeNotice) => void>();
  private readonly listening = new Set<(listening: boolean) => void>();
  subscribe(handler: (notice: ChangeNotice) => void) {
    this.notices.add(handler);
    return () => this.notices.delete(handler);
  }
  onListening(handler: (listening: boolean) => void) {
    this.listening.add(handler);
    return () => this.listening.delete(handler);
  }
  notice() {
    for (const handler of this.notices) handler({ type: 'incident', incidentId: 'i' });
  }
  setListening(listening: boolean) {
    for (const handler of this.listening) handler(listening);
  }
}

const principalOf = (request: FastifyRequest) => ({
  id: 'key',
  name: 'key',
  role: 'viewer' as const,
  tenantIds: request.headers['x-tenants'] ? String(request.headers['x-tenants']).split(',') : null,
});

describe.each([
  ['per field', false],
  ['per field, whole answers in front', true],
])('ReadCache (%s)', (_name, wholeAnswers) => {
  let app: FastifyInstance;
  let listener: Listener;
  let cache: ReadCache;
  let registry: Registry;
  /** What "the database" holds, and the reads of it the test keeps open until it releases them. */
  let title: string;
  let reads: number;
  let held: Array<() => void>;
  let holding: boolean;

  beforeEach(async () => {
    title = 'before';
    reads = 0;
    held = [];
    holding = false;
    listener = new Listener();
    registry = new Registry();
    cache = new ReadCache(
      listener as unknown as ChangeListener,
      {
        graph: { staleSeconds: 180 },
      } as BeaconConfig,
      registry,
    );
    cache.onModuleInit();
    app = await served(cache, true);
    listener.setListening(true);
  });

  /** Mercurius with the cache on the test's resolvers, and with the wire (ETag, compression) or without. */
  const served = async (cache: ReadCache, wire: boolean) => {
    const app = Fastify();
    if (wire) await registerWire(app);
    const none = () => [];
    const resolvers = {
      Query: {
        overview: () => ({ generatedAt: title, sources: [] }),
        service: (_: unknown, { id }: { id: string }) => ({ id, scope: null }),
        incidents: none,
        sources: none,
        messages: () => {
          reads += 1;
          return [title];
        },
        incident: async (_: unknown, { id }: { id: string }) => {
          reads += 1;
          if (id === 'broken') throw new Error('the database is gone');
          const read = { id, key: id, scope: null, title }; // the snapshot is taken here
          if (holding) await new Promise<void>((resolve) => held.push(resolve));
          return read;
        },
        services: (_: unknown, __: unknown, context: { principal: { tenantIds: string[] | null } }) => {
          reads += 1;
          return [{ id: `seen by ${context.principal.tenantIds?.join('+') ?? 'all'}`, scope: null }];
        },
      },
      Mutation: {
        rename: (_: unknown, { title: renamed }: { title: string }) => {
          title = renamed;
          return true;
        },
      },
      Incident: { updates: none, sightings: none, aliases: none, tenantIds: none, service: () => null },
      Service: { activeIncidents: none },
    };
    await app.register(mercurius, {
      schema: SCHEMA,
      resolvers: resolvers as unknown as IResolvers,
      context: (request) => ({ principal: principalOf(request) }),
      additionalRouteOptions: wholeAnswers ? { preHandler: cache.responseLookup(principalOf) } : {},
    });
    for (const { plugin, options } of cache.plugins()) await app.register(plugin as never, options as never);
    await app.ready();
    return app;
  };

  afterEach(async () => {
    cache.onModuleDestroy();
    await app.close();
  });

  const ask = async (query: string, tenants?: string) => {
    const response = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: tenants ? { 'x-tenants': tenants } : {},
      payload: { query },
    });
    return response.json<{ data: Record<string, any> }>().data; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const titleOf = async () => (await ask('{ incident(id: "EX1") { title } }')).incident.title as string;
  /** Until `count` reads are held open. */
  const heldOpen = async (count: number) => {
    while (held.length < count) await new Promise((resolve) => setImmediate(resolve));
  };

  it('answers again from memory until a notice', async () => {
    expect(await titleOf()).toBe('before');
    title = 'after';
    expect(await titleOf()).toBe('before');
    expect(reads).toBe(1);
    listener.notice();
    expect(await titleOf()).toBe('after');
  });

  it('keeps no answer of a read that began before a notice and ended after it', async () => {
    holding = true;
    const early = titleOf(); // reads 'before', then waits
    await heldOpen(1);
    title = 'after';
    listener.notice();
    holding = false;
    held.forEach((release) => release());
    expect(await early).toBe('before');
    expect(await titleOf()).toBe('after');
  });

  it('lets no read begun after a notice wait on a read begun before it', async () => {
    holding = true;
    const early = titleOf();
    await heldOpen(1);
    title = 'after';
    listener.notice();
    const late = titleOf();
    await heldOpen(2); // had it waited on the early read, it would never be held itself
    holding = false;
    held.forEach((release) => release());
    expect([await early, await late]).toEqual(['before', 'after']);
    expect(reads).toBe(2);
  });

  it('drops what it kept once a mutation of its own process is done', async () => {
    expect(await titleOf()).toBe('before');
    expect(await ask('mutation { rename(title: "renamed") }')).toEqual({ rename: true });
    expect(await titleOf()).toBe('renamed');
  });

  it('keeps each tenant view apart', async () => {
    const services = async (tenants?: string) => (await ask('{ services { id } }', tenants)).services;
    expect(await services('contoso')).toEqual([{ id: 'seen by contoso' }]);
    expect(await services('fabrikam')).toEqual([{ id: 'seen by fabrikam' }]);
    expect(await services('contoso,fabrikam')).toEqual([{ id: 'seen by contoso+fabrikam' }]);
    expect(await services()).toEqual([{ id: 'seen by all' }]);
    expect(await services('fabrikam')).toEqual([{ id: 'seen by fabrikam' }]);
    expect(reads).toBe(4);
  });

  it('drops everything and steps aside while LISTEN is lost, and serves again once it is back', async () => {
    expect(await titleOf()).toBe('before');
    title = 'unheard';
    listener.setListening(false);
    expect(await titleOf()).toBe('unheard');
    title = 'still unheard';
    expect(await titleOf()).toBe('still unheard');
    listener.setListening(true);
    expect(await titleOf()).toBe('still unheard');
    title = 'heard';
    expect(await titleOf()).toBe('still unheard');
  });

  const wholeHits = async () =>
    (await registry.getSingleMetric('beacon_api_response_cache_reads_total')!.get()).values.find(
      (value) => value.labels.outcome === 'hit',
    )?.value ?? 0;

  it('answers a query asked again whole, without running it, when whole answers are on', async () => {
    await titleOf();
    await titleOf();
    expect(reads).toBe(1);
    expect(await wholeHits()).toBe(wholeAnswers ? 1 : 0);
  });

  it('lets identical reads in flight share one, within a generation', async () => {
    holding = true;
    const first = titleOf();
    await heldOpen(1);
    const second = titleOf();
    await new Promise((resolve) => setTimeout(resolve, 50)); // had it not waited on the first, it would be held
    expect(held).toHaveLength(1);
    title = 'after'; // unannounced: both were asked before
    holding = false;
    held.forEach((release) => release());
    expect([await first, await second]).toEqual(['before', 'before']);
    expect(reads).toBe(1);
  });

  it('keeps no answer with an error, not even its part that has data', async () => {
    const both = '{ incident(id: "EX1") { title } broken: incident(id: "broken") { title } }';
    for (let i = 0; i < 2; i++) {
      const response = await app.inject({ method: 'POST', url: '/graphql', payload: { query: both } });
      expect(response.json()).toMatchObject({ data: { incident: { title: 'before' }, broken: null } });
      expect(response.json().errors).toHaveLength(1);
    }
    expect(reads).toBe(3); // EX1 once (kept per field), the broken read every time
    expect(await wholeHits()).toBe(0);
  });

  it('lets reads that waited on one refused or failed run their own', async () => {
    const post = (query: string) => app.inject({ method: 'POST', url: '/graphql', payload: { query } });
    const invalid = await Promise.all([post('{ nope }'), post('{ nope }')]);
    expect(invalid.map((response) => response.statusCode)).toEqual([400, 400]);
    const failed = await Promise.all([1, 2, 3].map(() => post('{ incident(id: "broken") { title } }')));
    expect(failed.map((response) => response.json().errors.length)).toEqual([1, 1, 1]);
    expect(reads).toBe(3);
  });

  it('keeps no whole answer holding a field it does not keep', async () => {
    const messages = async () => (await ask('{ messages incident(id: "EX1") { title } }')).messages;
    expect(await messages()).toEqual(['before']);
    title = 'after';
    expect(await messages()).toEqual(['after']);
    expect(await wholeHits()).toBe(0);
  });

  describe('on the wire', () => {
    const LONG = 'Exchange Online is degraded. '.repeat(60); // over the compression threshold
    const post = (headers: Record<string, string> = {}, on = app) =>
      on.inject({
        method: 'POST',
        url: '/graphql',
        headers,
        payload: { query: '{ incident(id: "EX1") { title } }' },
      });
    const decoded = (response: Awaited<ReturnType<typeof post>>) => {
      const encoding = response.headers['content-encoding'];
      const bytes = response.rawPayload;
      return (
        encoding === 'br' ? brotliDecompressSync(bytes) : encoding === 'gzip' ? gunzipSync(bytes) : bytes
      ).toString('utf8');
    };

    it.each(['br', 'gzip'])(
      'sends an answer asked again in %s as accepted, the plain bytes once decoded, under one ETag until a notice',
      async (encoding) => {
        title = LONG;
        const plain = await post();
        expect(plain.headers['content-encoding']).toBeUndefined();
        expect(plain.headers.etag).toBe(etagOf(plain.rawPayload));
        const answers = [await post({ 'accept-encoding': `${encoding}, identity` })];
        answers.push(await post({ 'accept-encoding': `${encoding}, identity` }));
        for (const answer of answers) {
          expect(answer.headers['content-encoding']).toBe(encoding);
          expect(answer.headers.vary).toMatch(/accept-encoding/i);
          expect(answer.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
          expect(decoded(answer)).toBe(plain.body);
          expect(answer.headers.etag).toBe(plain.headers.etag);
        }
        expect(reads).toBe(1);

        title = `${LONG} Resolved.`;
        listener.notice();
        const changed = await post({ 'accept-encoding': encoding });
        expect(JSON.parse(decoded(changed)).data.incident.title).toBe(title);
        expect(changed.headers.etag).not.toBe(plain.headers.etag);
      },
    );

    it('answers a revalidation 304 while the answer holds, 200 with the new answer once a notice came', async () => {
      title = LONG;
      const first = await post({ 'accept-encoding': 'br' });
      for (let i = 0; i < 2; i++) {
        const again = await post({ 'accept-encoding': 'br', 'if-none-match': first.headers.etag as string });
        expect(again.statusCode).toBe(304);
        expect(again.rawPayload).toHaveLength(0);
        expect(again.headers['content-encoding']).toBeUndefined();
      }
      title = 'after';
      listener.notice();
      const changed = await post({ 'accept-encoding': 'br', 'if-none-match': first.headers.etag as string });
      expect(changed.statusCode).toBe(200);
      expect(JSON.parse(decoded(changed)).data.incident.title).toBe('after');
    });

    it('sends a whole answer from memory with the ETag and compression the cache made, not the wire', async () => {
      // No ETag hook and no compression here: what a hit carries, the response cache made when it kept it.
      const bare = await served(cache, false);
      try {
        title = LONG;
        const miss = await post({ 'accept-encoding': 'gzip' }, bare);
        const hit = await post({ 'accept-encoding': 'gzip' }, bare);
        expect(miss.headers.etag).toBeUndefined();
        expect(miss.headers['content-encoding']).toBeUndefined();
        expect(hit.headers.etag).toBe(wholeAnswers ? etagOf(miss.rawPayload) : undefined);
        expect(hit.headers['content-encoding']).toBe(wholeAnswers ? 'gzip' : undefined);
        expect(decoded(hit)).toBe(miss.body);
      } finally {
        await bare.close();
      }
    });
  });
});
