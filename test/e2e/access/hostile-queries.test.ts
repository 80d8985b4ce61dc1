import type { RunningBeacon } from '#runtime';
import { createTestDatabase, type TestDatabase } from '#testing';
import { query, startApi, testConfig } from '../api/support/api-client.js';
import { TestIngestor } from '../api/support/ingestor.js';
import { seedMorning } from '../api/support/scenario.js';
import { HOSTILE_CORPUS, type HostileRequest } from '../../../bench/access/hostile-corpus.js';

const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COMPLEX',
  'METHOD_NOT_ALLOWED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
]);

async function send(url: string, request: HostileRequest) {
  const started = performance.now();
  const response =
    request.method === 'GET'
      ? await fetch(`${url}/graphql?${request.body}`)
      : await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': request.contentType ?? 'application/json' },
          body: request.body,
        });
  const text = await response.text();
  const ms = performance.now() - started;
  let body: { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> } = {};
  try {
    body = JSON.parse(text);
  } catch {
    // Reported below: every answer must be JSON.
  }
  return { status: response.status, text, body, ms };
}

describe('hostile queries', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;
  let ingestor: TestIngestor;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = testConfig(database.url, { RATE_LIMIT_PER_ADDRESS: '0', RATE_LIMIT_PER_KEY: '0' });
    ingestor = await TestIngestor.start(config, database.url);
    await seedMorning(ingestor);
    beacon = await startApi(config);
  });

  afterAll(async () => {
    await beacon?.close();
    await ingestor?.close();
    await database.drop();
  });

  it.each(HOSTILE_CORPUS.map((request) => [request.name, request] as const))(
    'answers %s with a client error, never an internal one',
    async (_name, request) => {
      const { status, body, text, ms } = await send(beacon.url, request);
      expect({ status, text: text.slice(0, 300) }).toEqual({
        status: expect.any(Number),
        text: expect.any(String),
      });
      expect(status).toBeGreaterThanOrEqual(200);
      expect(status).toBeLessThan(500);
      const codes = (body.errors ?? []).map((error) => error.extensions?.code);
      expect(codes.length).toBeGreaterThan(0);
      expect({
        codes: codes.filter((code) => !CLIENT_CODES.has(code as string)),
        text: text.slice(0, 300),
      }).toEqual({
        codes: [],
        text: expect.any(String),
      });
      if (request.code) expect(codes).toContain(request.code);
      expect(body.data ?? null).toBeNull();
      // Not a benchmark (docs/benchmarks.md has the figures): only a bound no refusal may come near.
      expect(ms).toBeLessThan(5_000);
    },
  );

  it('keeps answering ordinary reads while the whole corpus comes in at once, again and again', async () => {
    let hostileDone = false;
    const hostile = (async () => {
      for (let round = 0; round < 3; round++) {
        const answers = await Promise.all(HOSTILE_CORPUS.map((request) => send(beacon.url, request)));
        expect(answers.filter((answer) => answer.status >= 500)).toEqual([]);
      }
      hostileDone = true;
    })();
    const ordinary = '{ incidents(first: 5) { edges { node { id title } } } }';
    const expected = await query(beacon.url, ordinary);
    expect(expected.incidents.edges.length).toBeGreaterThan(0);
    let reads = 0;
    while (!hostileDone) {
      await expect(query(beacon.url, ordinary)).resolves.toEqual(expected);
      reads += 1;
    }
    await hostile;
    expect(reads).toBeGreaterThan(0);
  });
});
