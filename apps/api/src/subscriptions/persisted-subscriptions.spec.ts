import { parse } from 'graphql';
import { documentHash, PERSISTED_QUERIES_KEPT, PersistedQueries } from '../graphql/persisted-queries.js';
import { PersistedSubscriptions } from './persisted-subscriptions.js';

const PAGE = 'subscription Page($t: ID) { incidentUpdated(tenantId: $t) { id } }';
const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });
const subscribe = (payload: Record<string, unknown>) =>
  Buffer.from(JSON.stringify({ id: '1', type: 'subscribe', payload: { variables: { t: 'x' }, ...payload } }));
/** The query Mercurius will read in the message, and the rest of it. */
const read = (message: unknown) =>
  JSON.parse(String(message)) as { payload: { query: string; variables: object } };

describe('PersistedQueries', () => {
  it('keeps the most recently used documents, at most PERSISTED_QUERIES_KEPT', () => {
    const queries = new PersistedQueries();
    for (let n = 0; n <= PERSISTED_QUERIES_KEPT; n++) {
      queries.save(`h${n}`, `d${n}`);
      // The first stays in use: the second is the one to go.
      if (n === 0 || n === PERSISTED_QUERIES_KEPT - 1) queries.get('h0');
    }
    expect(queries.get('h0')).toBe('d0');
    expect(queries.get('h1')).toBeUndefined();
    expect(queries.get(`h${PERSISTED_QUERIES_KEPT}`)).toBe(`d${PERSISTED_QUERIES_KEPT}`);
  });
});

describe('PersistedSubscriptions', () => {
  let queries: PersistedQueries;
  let subscriptions: PersistedSubscriptions;
  const refusal = (message: unknown) => {
    try {
      subscriptions.refuse(read(message).payload.query);
    } catch (error) {
      return (error as { extensions: { code: string } }).extensions.code;
    }
    return undefined;
  };

  beforeEach(() => {
    queries = new PersistedQueries();
    subscriptions = new PersistedSubscriptions(queries);
  });

  it('passes every other message as it came, the same bytes', () => {
    for (const text of [
      '{"type":"ping"}',
      JSON.stringify({ id: '1', type: 'subscribe', payload: { query: PAGE } }),
      '{"type":"complete","id":"1","persistedQuery":1}',
      'not json, persistedQuery',
    ]) {
      const message = Buffer.from(text);
      expect(subscriptions.resolve(message)).toBe(message);
    }
  });

  it('puts the document of a known hash in the message, keeping its variables', () => {
    queries.save(documentHash(PAGE), PAGE);
    const message = read(subscriptions.resolve(subscribe({ extensions: persisted(documentHash(PAGE)) })));
    expect(message.payload).toMatchObject({ query: PAGE, variables: { t: 'x' } });
  });

  it('turns an unknown hash, a wrong hash and another version into refusals with the protocol codes', () => {
    const unknown = subscriptions.resolve(subscribe({ extensions: persisted(documentHash(PAGE)) }));
    const wrong = subscriptions.resolve(subscribe({ query: PAGE, extensions: persisted(documentHash('x')) }));
    const version = subscriptions.resolve(
      subscribe({ extensions: { persistedQuery: { version: 2, sha256Hash: documentHash(PAGE) } } }),
    );
    expect([unknown, wrong, version].map(refusal)).toEqual([
      'PERSISTED_QUERY_NOT_FOUND',
      'BAD_REQUEST',
      'PERSISTED_QUERY_NOT_SUPPORTED',
    ]);
    // A refusal is a subscription Mercurius parses, as any other.
    expect(() => parse(read(unknown).payload.query)).not.toThrow();
    expect(refusal(subscribe({ query: PAGE }))).toBeUndefined();
  });

  it('refuses a query that is not text, which Mercurius would take as a document already parsed', () => {
    const ast = subscriptions.resolve(subscribe({ query: parse(PAGE) }));
    const missing = subscriptions.resolve(subscribe({}));
    expect([ast, missing].map(refusal)).toEqual(['BAD_REQUEST', 'BAD_REQUEST']);
    expect(read(ast).payload.variables).toEqual({ t: 'x' });
  });

  it('remembers a document sent with its hash once it ran, and only then', () => {
    const message = subscriptions.resolve(
      subscribe({ query: PAGE, extensions: persisted(documentHash(PAGE)) }),
    );
    expect(read(message).payload.query).toBe(PAGE);
    expect(queries.get(documentHash(PAGE))).toBeUndefined();
    subscriptions.ran(parse('subscription Other { incidentUpdated { id } }'));
    expect(queries.get(documentHash(PAGE))).toBeUndefined();
    subscriptions.ran(parse(PAGE));
    expect(queries.get(documentHash(PAGE))).toBe(PAGE);
  });
});
