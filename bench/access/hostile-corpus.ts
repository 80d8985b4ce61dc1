/**
 * Documents and requests meant to hurt a GraphQL server: each must get a client error (4xx, or a GraphQL
 * error with a client code), never an internal one. Shared by the test (test/e2e/access) and the benchmark
 * (docs/benchmarks.md) that times them.
 */
export interface HostileRequest {
  name: string;
  method?: 'GET' | 'POST';
  /** The raw body (POST) or query string (GET). */
  body: string;
  contentType?: string;
  /** The code the refusal must carry, where only one is right. */
  code?: string;
}

const post = (name: string, payload: unknown, code?: string): HostileRequest => ({
  name,
  body: JSON.stringify(payload),
  ...(code ? { code } : {}),
});

const fragmentBomb = (levels: number) => {
  const fragments = Array.from({ length: levels }, (_, i) =>
    i === levels - 1
      ? `fragment F${i} on SourceHealth { channel }`
      : `fragment F${i} on SourceHealth { ...F${i + 1} ...F${i + 1} }`,
  );
  return `{ sources { ...F0 } } ${fragments.join(' ')}`;
};

const nested = (levels: number) => {
  let selection = 'id';
  for (let i = 0; i < levels; i++) selection = `service { activeIncidents { ${selection} } }`;
  return `{ incidents(first: 1) { edges { node { ${selection} } } } }`;
};

const introspectionFan = (levels: number) => {
  let selection = 'name';
  for (let i = 0; i < levels; i++) selection = `fields { type { ${selection} } }`;
  return `{ __schema { types { ${selection} } } }`;
};

/** Three pages of 100 incidents with their nested lists: about 40,000 against a limit of 25,000. */
const page = `incidents(first: 100) { edges { node { updates { text } sightings { channel }
  service { name activeIncidents { updates { text } sightings { channel } service { activeIncidents { id } } } } } } }`;
const expensive = `{ a: ${page} b: ${page} c: ${page} }`;

export const HOSTILE_CORPUS: HostileRequest[] = [
  post('an alias flood', {
    query: `{ ${Array.from({ length: 5_000 }, (_, i) => `a${i}: sources { channel }`).join(' ')} }`,
  }),
  post(
    'a few aliases over the limit',
    {
      query: `{ ${Array.from({ length: 60 }, (_, i) => `a${i}: sources { channel }`).join(' ')} }`,
    },
    'QUERY_TOO_COMPLEX',
  ),
  post('a fragment cycle', {
    query: '{ sources { ...A } } fragment A on SourceHealth { ...B } fragment B on SourceHealth { ...A }',
  }),
  post('a fragment bomb (2^40 fields once expanded)', { query: fragmentBomb(40) }, 'QUERY_TOO_COMPLEX'),
  post('deep nesting', { query: nested(20) }, 'QUERY_TOO_DEEP'),
  post('introspection nested without end', { query: introspectionFan(8) }, 'QUERY_TOO_DEEP'),
  post(
    'a huge first',
    { query: '{ incidents(first: 100000000) { edges { node { id } } } }' },
    'BAD_USER_INPUT',
  ),
  post('a huge first in a variable', {
    query: 'query($n: Int) { incidents(first: $n) { edges { node { updates { text } } } } }',
    variables: { n: 2_000_000_000 },
  }),
  post('too costly', { query: expensive }, 'QUERY_TOO_COMPLEX'),
  post(
    'a costly operation beside one whose variables do not fit',
    {
      query: `query Costly ${expensive} query Other($n: Int!) { incidents(first: $n) { totalCount } }`,
      operationName: 'Costly',
      variables: { n: 'not a number' },
    },
    'QUERY_TOO_COMPLEX',
  ),
  post('two operations and no operationName', {
    query: 'query A { sources { channel } } query B { sources { state } }',
  }),
  post('a 10,000-field document', { query: `{ sources { ${'channel '.repeat(10_000)} } }` }),
  post(
    'many directives',
    { query: `{ sources { ${'channel @skip(if: false) '.repeat(60)} } }` },
    'QUERY_TOO_COMPLEX',
  ),
  post('a list of 10,000 literal values', {
    query: `{ incidents(filter: { serviceIds: [${'"x",'.repeat(10_000)}] }) { totalCount } }`,
  }),
  post(
    'a list of 10,000 values in a variable',
    {
      query: 'query($ids: [ID!]) { incidents(filter: { serviceIds: $ids }) { totalCount } }',
      variables: { ids: Array.from({ length: 10_000 }, (_, i) => `s${i}`) },
    },
    'BAD_USER_INPUT',
  ),
  post(
    'a 1 MB string',
    { query: '{ sources { channel } }', variables: { pad: 'x'.repeat(1024 * 1024) } },
    'PAYLOAD_TOO_LARGE',
  ),
  post('a 1 MB search', {
    query: 'query($s: String) { incidents(filter: { search: $s }) { totalCount } }',
    variables: { s: 'y'.repeat(1024 * 1024) },
  }),
  post('a 200 kB search', {
    query: 'query($s: String) { incidents(filter: { search: $s }) { totalCount } }',
    variables: { s: 'z '.repeat(100_000) },
  }),
  { name: 'malformed JSON', body: '{"query": "{ sources { channel } }"' },
  { name: 'JSON that is not an object', body: '[1, 2, 3]' },
  post('variables that are not an object', { query: '{ sources { channel } }', variables: '[not json' }),
  post('variables of the wrong type', {
    query: 'query($n: Int) { incidents(first: $n) { totalCount } }',
    variables: { n: { nested: true } },
  }),
  post('no query', { variables: {} }),
  post('a query that is not a string', { query: { kind: 'Document', definitions: [] } }),
  post('a document AST smuggled as a string', {
    query: JSON.stringify({ kind: 'Document', definitions: [{ kind: 'OperationDefinition' }] }),
  }),
  post('not GraphQL', { query: 'SELECT * FROM api_keys' }),
  post('a mutation that does not exist', { query: 'mutation { dropEverything }' }),
  {
    name: 'GET with a mutation',
    method: 'GET',
    body: `query=${encodeURIComponent('mutation { revokeApiKey(id: "x") { id } }')}`,
  },
  { name: 'the wrong content type', body: '{ sources { channel } }', contentType: 'text/plain' },
];
