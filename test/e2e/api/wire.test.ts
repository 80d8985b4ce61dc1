import type { RunningBeacon } from '#runtime';
import { createTestDatabase, type TestDatabase, xPostSignal } from '#testing';
import { createHash } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { ApiKeyAdminService } from '../../../apps/api/src/auth/api-key-admin.service.js';
import { startApi, testConfig } from './support/api-client.js';
import { TestIngestor } from './support/ingestor.js';
import { CONTOSO, FABRIKAM, seedMorning } from './support/scenario.js';
import { tenantsFile } from './support/tenants-file.js';

/**
 * Cheap on the wire: ETags and 304 for GET queries and the page's files, compression of large answers,
 * automatic persisted queries. Over real HTTP (node:http, which neither decompresses nor caches).
 */
const BOOTSTRAP = 'bootstrap-admin-key-0123456789';
const PAGE_QUERIES = path.join(process.cwd(), 'apps/api/public/js/queries.js');
const INCIDENT_IDS = '{ incidents(first: 100) { totalCount edges { node { id tenantIds } } } }';

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** As sent, compressed or not. */
  bytes: Buffer;
  /** Decompressed. */
  text: string;
}

function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('error', reject);
        answer.on('end', () => {
          const bytes = Buffer.concat(chunks);
          const encoding = answer.headers['content-encoding'];
          const plain =
            encoding === 'gzip' ? gunzipSync(bytes) : encoding === 'br' ? brotliDecompressSync(bytes) : bytes;
          resolve({
            status: answer.statusCode!,
            headers: answer.headers,
            bytes,
            text: plain.toString('utf8'),
          });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('on the wire: ETags, compression, persisted queries', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;
  let ingestor: TestIngestor;
  let DASHBOARD: string;
  const keys: Record<'admin' | 'contoso' | 'fabrikam', string> = {
    admin: BOOTSTRAP,
    contoso: '',
    fabrikam: '',
  };
  const as = (key: keyof typeof keys, more: Record<string, string> = {}) => ({
    authorization: `Bearer ${keys[key]}`,
    ...more,
  });
  const getQuery = (document: string, variables: Record<string, unknown> = {}, extensions?: unknown) => {
    const search = new URLSearchParams({ query: document, variables: JSON.stringify(variables) });
    if (extensions) search.set('extensions', JSON.stringify(extensions));
    if (!document) search.delete('query');
    return `${beacon.url}/graphql?${search.toString()}`;
  };

  beforeAll(async () => {
    ({ DASHBOARD } = (await import(PAGE_QUERIES)) as { DASHBOARD: string });
    database = await createTestDatabase();
    const config = testConfig(database.url, {
      TENANTS_FILE: tenantsFile(CONTOSO, FABRIKAM),
      API_KEYS: BOOTSTRAP,
    });
    ingestor = await TestIngestor.start(config, database.url);
    await seedMorning(ingestor);
    beacon = await startApi(config);
    const admin = beacon.app.get(ApiKeyAdminService);
    keys.contoso = (
      await admin.create({ name: 'contoso', role: 'viewer', tenantIds: [CONTOSO] }, 'test')
    ).key;
    keys.fabrikam = (
      await admin.create({ name: 'fabrikam', role: 'viewer', tenantIds: [FABRIKAM] }, 'test')
    ).key;
  });

  afterAll(async () => {
    await beacon?.close();
    await ingestor?.close();
    await database.drop();
  });

  describe('ETag and 304', () => {
    it('answers a GET query again with 304 and no body while its answer is unchanged, with 200 once it changed', async () => {
      const url = getQuery(INCIDENT_IDS);
      const first = await request(url, { headers: as('contoso') });
      expect(first.status).toBe(200);
      expect(first.headers.etag).toMatch(/^W\/".+"$/);
      expect(first.headers['cache-control']).toBe('private, no-cache');

      const again = await request(url, { headers: as('contoso', { 'if-none-match': first.headers.etag! }) });
      expect(again.status).toBe(304);
      expect(again.bytes).toHaveLength(0);
      expect(again.headers.etag).toBe(first.headers.etag);
      // helmet's headers are on a 304 too.
      expect(again.headers['x-content-type-options']).toBe('nosniff');

      await ingestor.ingest(
        [xPostSignal('wire-1', "We're investigating delays in Exchange Online. EX1190077", new Date())],
        new Date(),
      );
      // Once the change has reached the API (its notice is asynchronous), the same request gets the new answer.
      let changed: RawAnswer;
      const deadline = Date.now() + 10_000;
      do {
        changed = await request(url, { headers: as('contoso', { 'if-none-match': first.headers.etag! }) });
      } while (!changed.text.includes('EX1190077') && Date.now() < deadline);
      expect(changed.status).toBe(200);
      expect(changed.headers.etag).not.toBe(first.headers.etag);
      expect(changed.text).toContain('EX1190077');
    });

    it("answers the page's dashboard 304 while nothing changed, past the overview's second in memory", async () => {
      const url = getQuery(DASHBOARD, { tenantId: CONTOSO, active: { active: true } });
      const first = await request(url, { headers: as('contoso') });
      expect(first.status).toBe(200);
      expect(JSON.parse(first.text).data.overview.worstLevel).toBeDefined();
      // The overview is kept at most 1 s: the answer is made again, and (nothing having changed) its bytes too.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const again = await request(url, { headers: as('contoso', { 'if-none-match': first.headers.etag! }) });
      expect(again.status).toBe(304);
    });

    it("never answers 304 to another tenant's key with the same request: the ETag is the answer's", async () => {
      const url = getQuery(INCIDENT_IDS);
      const contoso = await request(url, { headers: as('contoso') });
      const fabrikam = await request(url, {
        headers: as('fabrikam', { 'if-none-match': contoso.headers.etag! }),
      });
      expect(fabrikam.status).toBe(200);
      expect(fabrikam.headers.etag).not.toBe(contoso.headers.etag);
      expect(fabrikam.text).toContain(FABRIKAM);
      expect(fabrikam.text).not.toContain(CONTOSO);
      // Without a key at all the answer is a refusal, not the cached view.
      const anonymous = await request(url, { headers: { 'if-none-match': contoso.headers.etag! } });
      expect(anonymous.status).toBe(401);
    });

    it("answers the page's files with an ETag, and 304 to a browser that holds them", async () => {
      for (const file of ['/', '/js/main.js', '/styles.css']) {
        const first = await request(`${beacon.url}${file}`);
        expect({ file, status: first.status, etag: typeof first.headers.etag }).toEqual({
          file,
          status: 200,
          etag: 'string',
        });
        const again = await request(`${beacon.url}${file}`, {
          headers: { 'if-none-match': first.headers.etag! },
        });
        expect({ file, status: again.status, length: again.bytes.length }).toEqual({
          file,
          status: 304,
          length: 0,
        });
        expect(again.headers['content-security-policy']).toContain("default-src 'none'");
      }
    });
  });

  describe('compression', () => {
    it.each(['br', 'gzip'])('sends a large answer in %s to a client that accepts it', async (encoding) => {
      const body = JSON.stringify({ query: DASHBOARD, variables: {} });
      const post = (acceptEncoding?: string) =>
        request(`${beacon.url}/graphql`, {
          method: 'POST',
          headers: as('admin', {
            'content-type': 'application/json',
            ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}),
          }),
          body,
        });
      const plain = await post();
      const compressed = await post(`${encoding}, identity`);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.bytes.length).toBeGreaterThan(1024);
      expect(compressed.headers['content-encoding']).toBe(encoding);
      expect(compressed.headers.vary).toMatch(/accept-encoding/i);
      expect(compressed.bytes.length).toBeLessThan(plain.bytes.length / 2);
      // The same answer, but for the instant it was made.
      const withoutInstant = (text: string) => {
        const answer = JSON.parse(text) as { data: { overview: { generatedAt?: string } } };
        delete answer.data.overview.generatedAt;
        return answer;
      };
      expect(withoutInstant(compressed.text)).toEqual(withoutInstant(plain.text));
    });

    it('sends a small answer as it is', async () => {
      const small = await request(getQuery('{ overview { worstLevel } }'), {
        headers: as('admin', { 'accept-encoding': 'br, gzip' }),
      });
      expect(small.status).toBe(200);
      expect(small.bytes.length).toBeLessThan(1024);
      expect(small.headers['content-encoding']).toBeUndefined();
    });

    it("compresses the page's scripts", async () => {
      const script = await request(`${beacon.url}/js/main.js`, { headers: { 'accept-encoding': 'gzip' } });
      expect(script.headers['content-encoding']).toBe('gzip');
      expect(script.text).toContain('import');
    });
  });

  describe('automatic persisted queries', () => {
    const persisted = (document: string) => ({
      persistedQuery: { version: 1, sha256Hash: sha256(document) },
    });
    const codes = (answer: RawAnswer) =>
      ((JSON.parse(answer.text) as { errors?: Array<{ extensions?: { code?: string } }> }).errors ?? []).map(
        (error) => error.extensions?.code,
      );

    it('answers an unknown hash PERSISTED_QUERY_NOT_FOUND, runs and remembers the document sent with it, then runs it by hash', async () => {
      const document = `query WireApq { services { id name } }`;
      const byHash = getQuery('', {}, persisted(document));
      const unknown = await request(byHash, { headers: as('admin') });
      expect(codes(unknown)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      expect(JSON.parse(unknown.text).errors[0].message).toBe('PersistedQueryNotFound');

      const registered = await request(`${beacon.url}/graphql`, {
        method: 'POST',
        headers: as('admin', { 'content-type': 'application/json' }),
        body: JSON.stringify({ query: document, extensions: persisted(document) }),
      });
      expect(registered.status).toBe(200);
      const services = JSON.parse(registered.text).data.services as unknown[];
      expect(services.length).toBeGreaterThan(0);

      const known = await request(byHash, { headers: as('admin') });
      expect(known.status).toBe(200);
      expect(JSON.parse(known.text).data.services).toEqual(services);
      // And it is cacheable like any GET query.
      const revalidated = await request(byHash, {
        headers: as('admin', { 'if-none-match': known.headers.etag! }),
      });
      expect(revalidated.status).toBe(304);
    });

    it('refuses a document sent with a hash that is not its own, and remembers nothing', async () => {
      const document = `query WireMismatch { overview { worstLevel } }`;
      const wrong = { persistedQuery: { version: 1, sha256Hash: sha256('something else') } };
      const refused = await request(`${beacon.url}/graphql`, {
        method: 'POST',
        headers: as('admin', { 'content-type': 'application/json' }),
        body: JSON.stringify({ query: document, extensions: wrong }),
      });
      expect(refused.status).toBe(400);
      expect(JSON.parse(refused.text).data ?? null).toBeNull();
      const byHash = await request(getQuery('', {}, wrong), { headers: as('admin') });
      expect(codes(byHash)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    });

    it('still needs a key, and still applies the key’s tenant view, for a remembered hash', async () => {
      const document = `query WireViews { incidents(first: 100) { edges { node { id tenantIds } } } }`;
      await request(`${beacon.url}/graphql`, {
        method: 'POST',
        headers: as('admin', { 'content-type': 'application/json' }),
        body: JSON.stringify({ query: document, extensions: persisted(document) }),
      });
      const byHash = getQuery('', {}, persisted(document));
      expect((await request(byHash)).status).toBe(401);
      const fabrikam = await request(byHash, { headers: as('fabrikam') });
      expect(fabrikam.text).toContain('TM1190003');
      expect(fabrikam.text).not.toContain('SP1190002');
    });
  });
});
