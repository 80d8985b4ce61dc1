import type { RunningBeacon } from '#runtime';
import { createTestDatabase, graphIssueSignal, type TestDatabase } from '#testing';
import { graphql, query, startApi, testConfig } from './support/api-client.js';
import { TestIngestor } from './support/ingestor.js';

const TENANT = 'contoso.onmicrosoft.com';
const INCIDENTS =
  'query($filter: IncidentFilter, $first: Int, $after: String) { incidents(filter: $filter, first: $first, after: $after) { totalCount edges { node { id } } } }';
const MESSAGES =
  'query($filter: MessageFilter, $first: Int, $after: String) { messages(filter: $filter, first: $first, after: $after) { totalCount edges { node { id } } } }';

/** Nested as deep as the schema lets a client go: incident → service → its incidents → … */
const TOO_DEEP = `{ incidents { edges { node { service { activeIncidents { service { activeIncidents {
  service { activeIncidents { id } } } } } } } } } }`;
const TOO_COSTLY = `query($first: Int) { incidents(first: $first) { edges { node {
  updates { id text html } sightings { channel firstSeenAt }
  service { activeIncidents { id title updates { id text html kind } } } } } } }`;

describe('bad input from API clients (semantics.md, "Bad input")', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;
  let ingestor: TestIngestor;
  let incidentCursor: string;
  let messageCursor: string | null;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = testConfig(database.url, {
      GRAPH_TENANT_ID: TENANT,
      GRAPH_CLIENT_ID: 'c',
      GRAPH_CLIENT_SECRET: 's',
    });
    ingestor = await TestIngestor.start(config, database.url);
    await ingestor.registerTenants([{ id: TENANT }]);
    await ingestor.ingest(
      [graphIssueSignal(TENANT, { id: 'EX1500001' }), graphIssueSignal(TENANT, { id: 'EX1500002' })],
      new Date(),
    );
    beacon = await startApi(config);
    incidentCursor = (await query(beacon.url, '{ incidents(first: 1) { pageInfo { endCursor } } }')).incidents
      .pageInfo.endCursor;
    messageCursor = Buffer.from(JSON.stringify(['messages', '2026-11-20T10:00:00.000000Z', 'MC1'])).toString(
      'base64url',
    );
  });

  afterAll(async () => {
    await beacon?.close();
    await ingestor?.close();
    await database.drop();
  });

  const cases: Array<[string, string, Record<string, unknown>, string]> = [
    ['first 0', INCIDENTS, { first: 0 }, 'BAD_USER_INPUT'],
    ['first 101', INCIDENTS, { first: 101 }, 'BAD_USER_INPUT'],
    ['first negative', MESSAGES, { first: -5 }, 'BAD_USER_INPUT'],
    ['first not an integer', INCIDENTS, { first: 2.5 }, 'BAD_USER_INPUT'],
    ['first a string', INCIDENTS, { first: 'ten' }, 'BAD_USER_INPUT'],
    ['a cursor that is not base64 JSON', INCIDENTS, { after: 'not-a-cursor!' }, 'BAD_USER_INPUT'],
    ['a cursor of another list', INCIDENTS, { after: 'messages' }, 'BAD_USER_INPUT'],
    [
      'a cursor with a bad time',
      INCIDENTS,
      { after: Buffer.from('["incidents","yesterday","EX1"]').toString('base64url') },
      'BAD_USER_INPUT',
    ],
    ['an empty cursor', MESSAGES, { after: '' }, 'BAD_USER_INPUT'],
    ['a huge cursor', INCIDENTS, { after: 'x'.repeat(10_000) }, 'BAD_USER_INPUT'],
    ['a date that is not a date', INCIDENTS, { filter: { from: 'yesterday' } }, 'BAD_USER_INPUT'],
    ['a date without offset', INCIDENTS, { filter: { from: '2026-11-20T10:00:00' } }, 'BAD_USER_INPUT'],
    ['a date that does not exist', INCIDENTS, { filter: { to: '2026-02-30T10:00:00Z' } }, 'BAD_USER_INPUT'],
    ['a month that does not exist', INCIDENTS, { filter: { to: '2026-13-01T10:00:00Z' } }, 'BAD_USER_INPUT'],
    ['a date as a number', INCIDENTS, { filter: { from: 1_700_000_000 } }, 'BAD_USER_INPUT'],
    [
      'from after to',
      INCIDENTS,
      { filter: { from: '2026-11-21T00:00:00Z', to: '2026-11-20T00:00:00Z' } },
      'BAD_USER_INPUT',
    ],
    ['an unknown channel', INCIDENTS, { filter: { channel: 'FAX' } }, 'BAD_USER_INPUT'],
    [
      'a classification in the wrong case',
      INCIDENTS,
      { filter: { classification: 'incident' } },
      'BAD_USER_INPUT',
    ],
    ['an unknown filter field', INCIDENTS, { filter: { severity: 'high' } }, 'BAD_USER_INPUT'],
    ['serviceIds not a list of ids', INCIDENTS, { filter: { serviceIds: [{ id: 1 }] } }, 'BAD_USER_INPUT'],
    [
      'too many serviceIds',
      INCIDENTS,
      { filter: { serviceIds: Array.from({ length: 101 }, (_, n) => `S${n}`) } },
      'BAD_USER_INPUT',
    ],
    [
      'a search longer than 200 characters',
      INCIDENTS,
      { filter: { search: 'outage '.repeat(40) } },
      'BAD_USER_INPUT',
    ],
    [
      'an unknown tenant (incidents)',
      INCIDENTS,
      { filter: { tenantId: 'fabrikam.onmicrosoft.com' } },
      'BAD_USER_INPUT',
    ],
    ['an unknown tenant (messages)', MESSAGES, { filter: { tenantId: 'nobody' } }, 'BAD_USER_INPUT'],
    [
      'an unknown tenant (overview)',
      '{ overview(tenantId: "nobody") { degradedMode } }',
      {},
      'BAD_USER_INPUT',
    ],
    ['an unknown tenant (services)', '{ services(tenantId: "nobody") { id } }', {}, 'BAD_USER_INPUT'],
    [
      'an unknown tenant (service)',
      '{ service(id: "Exchange", tenantId: "nobody") { id } }',
      {},
      'BAD_USER_INPUT',
    ],
    [
      'an unknown tenant (incident)',
      '{ incident(id: "EX1500001", tenantId: "nobody") { id } }',
      {},
      'BAD_USER_INPUT',
    ],
    [
      'an enum literal that does not exist',
      '{ incidents(filter: { channel: FAX }) { totalCount } }',
      {},
      'BAD_USER_INPUT',
    ],
    [
      'a date literal that is not a date',
      '{ incidents(filter: { from: "soon" }) { totalCount } }',
      {},
      'BAD_USER_INPUT',
    ],
    ['an Int literal that is a string', '{ incidents(first: "10") { totalCount } }', {}, 'BAD_USER_INPUT'],
    ['a required argument left out', '{ incident { id } }', {}, 'BAD_USER_INPUT'],
    ['a required variable left out', 'query($id: ID!) { incident(id: $id) { id } }', {}, 'BAD_USER_INPUT'],
    [
      'a field that does not exist',
      '{ incidents { edges { node { severity } } } }',
      {},
      'GRAPHQL_VALIDATION_FAILED',
    ],
    ['a mutation (there are none)', 'mutation { deleteEverything }', {}, 'GRAPHQL_VALIDATION_FAILED'],
    ['a syntax error', '{ incidents { edges ', {}, 'GRAPHQL_PARSE_FAILED'],
    ['a query too deep', TOO_DEEP, {}, 'QUERY_TOO_DEEP'],
    ['a query too costly', TOO_COSTLY, { first: 100 }, 'QUERY_TOO_COMPLEX'],
  ];

  it.each(cases)(
    '%s gives a clear error code, never an internal error',
    async (_name, text, variables, code) => {
      const resolved = variables.after === 'messages' ? { ...variables, after: messageCursor } : variables;
      const response = await graphql(beacon.url, text, resolved);
      expect(response.errors).toHaveLength(1);
      expect(response.errors![0]!.extensions?.code).toBe(code);
      expect(response.errors![0]!.message).not.toMatch(/SELECT|at .*\.js|Internal/);
      expect([200, 400]).toContain(response.status);
    },
  );

  it('answers a fair page of the costly query, and the next page from a cursor', async () => {
    expect((await graphql(beacon.url, TOO_COSTLY, { first: 10 })).errors).toBeUndefined();
    const { incidents } = await query(beacon.url, INCIDENTS, { after: incidentCursor });
    expect(incidents.edges).toEqual([{ node: { id: 'EX1500001' } }]);
  });

  it.each([
    ['stop words only', 'the and of'],
    ['unbalanced quotes and operators', '"unclosed -or & | ! :*'],
    ['a blank search (no filter)', '   '],
  ])('takes any search text: %s', async (_name, search) => {
    const response = await graphql(beacon.url, INCIDENTS, { filter: { search } });
    expect(response.errors).toBeUndefined();
  });

  it('gives null, not an error, for ids nobody used', async () => {
    const response = await graphql(
      beacon.url,
      '{ incident(id: "EX0000000") { id } service(id: "Nope") { id } }',
    );
    expect(response).toMatchObject({ status: 200, data: { incident: null, service: null } });
    expect(response.errors).toBeUndefined();
  });

  describe('over HTTP', () => {
    const post = (body: string, contentType = 'application/json') =>
      fetch(`${beacon.url}/graphql`, { method: 'POST', headers: { 'content-type': contentType }, body });
    const codeOf = async (response: Response) =>
      ((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions
        .code;

    it('refuses a body over 256 KB with 413', async () => {
      const response = await post(
        JSON.stringify({ query: '{ sources { channel } }', variables: { pad: 'x'.repeat(300_000) } }),
      );
      expect(response.status).toBe(413);
      expect(await codeOf(response)).toBe('PAYLOAD_TOO_LARGE');
    });

    it.each([
      ['malformed JSON', '{"query": "{ sources', 'application/json'],
      ['an empty body', '', 'application/json'],
      ['no query', '{}', 'application/json'],
      ['a batch (not accepted)', '[{"query":"{ sources { channel } }"}]', 'application/json'],
      ['plain text', '{ sources { channel } }', 'text/plain'],
    ])('refuses %s with 400 BAD_REQUEST', async (_name, body, contentType) => {
      const response = await post(body, contentType);
      expect(response.status).toBe(400);
      expect(await codeOf(response)).toBe('BAD_REQUEST');
    });

    it('answers GET for queries, and application/graphql bodies', async () => {
      const get = await fetch(`${beacon.url}/graphql?query=${encodeURIComponent('{ sources { channel } }')}`);
      expect(await get.json()).toEqual({ data: { sources: [] } });
      expect(await (await post('{ sources { channel } }', 'application/graphql')).json()).toEqual({
        data: { sources: [] },
      });
    });
  });
});
