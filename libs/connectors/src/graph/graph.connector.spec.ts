import { readFileSync } from 'node:fs';
import { Secret, type GraphTenant } from '#config';
import { ConnectorError } from '../connector.error.js';
import { connectorSettings, type ConnectorOptions } from '../connector.options.js';
import type { Clock } from '../shared/clock.js';
import { GraphPacerRegistry } from './graph-request.pacer.js';
import { GraphServiceHealthConnector } from './graph.connector.js';

const GRAPH = 'http://127.0.0.1:4010';
const AUTHORITY = 'http://127.0.0.1:4011';
const SECRET = 's3cr3t-value-never-shown';
const tenant: GraphTenant = {
  id: 'contoso.onmicrosoft.com',
  displayName: 'Contoso',
  clientId: 'app-id',
  credential: { kind: 'secret', clientSecret: new Secret(SECRET) },
};

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8').replaceAll(
    'https://graph.microsoft.com',
    GRAPH,
  );

interface Sent {
  url: URL;
  method: string;
  headers: Headers;
  body: string;
}

type Answer = (request: Sent) => Response | Promise<Response>;

function json(body: string | object, status = 200, headers: Record<string, string> = {}): Response {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return new Response(text, { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** A tenant's Graph and authority as the samples describe them, issues on two pages. */
const healthyGraph: Answer = ({ url }) => {
  if (url.pathname.endsWith('/oauth2/v2.0/token')) return json(fixture('token.json'));
  const resource = url.pathname.replace('/v1.0/admin/serviceAnnouncement/', '');
  if (resource === 'healthOverviews') return json(fixture('health-overviews.json'));
  if (resource === 'issues') {
    return json(fixture(url.searchParams.has('$skiptoken') ? 'issues-page2.json' : 'issues-page1.json'));
  }
  if (resource === 'messages') return json(fixture('messages.json'));
  return json({ error: { code: 'NotFound' } }, 404);
};

class FakeClock implements Clock {
  time = Date.parse('2026-11-20T12:00:00Z');
  now(): number {
    return this.time;
  }
  async sleep(ms: number, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.time += ms;
  }
}

function setUp(answer: Answer, options: ConnectorOptions = {}) {
  const sent: Sent[] = [];
  const clock = new FakeClock();
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const body = await request.text();
    const entry = { url: new URL(request.url), method: request.method, headers: request.headers, body };
    sent.push(entry);
    return answer(entry);
  };
  const settings = connectorSettings({ clock, fetch, ...options });
  const pacer = new GraphPacerRegistry(clock).forTenant(AUTHORITY, tenant.id, tenant.clientId);
  const sut = new GraphServiceHealthConnector(
    tenant,
    { baseUrl: GRAPH, authorityUrl: AUTHORITY },
    pacer,
    settings,
  );
  const graphRequests = () => sent.filter((request) => request.url.pathname.startsWith('/v1.0/'));
  const tokenRequests = () => sent.filter((request) => request.url.pathname.endsWith('/token'));
  return { sut, sent, clock, graphRequests, tokenRequests };
}

const signal = () => new AbortController().signal;

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ConnectorError)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}

describe(GraphServiceHealthConnector.name, () => {
  describe('first poll', () => {
    it('reads every collection in full, follows next links and sets the cursor', async () => {
      const { sut, sent, graphRequests } = setUp(healthyGraph);
      const result = await sut.poll({ cursor: null, signal: signal() });

      expect(result.signals.map((s) => `${s.kind} ${s.externalId}`)).toEqual([
        'graph.healthOverview Exchange',
        'graph.healthOverview microsoftteams',
        'graph.healthOverview SharePoint',
        'graph.healthOverview OneDriveForBusiness',
        'graph.healthOverview OSDPPlatform',
        'graph.healthOverview OrgLiveID',
        'graph.issue EX1190034',
        'graph.issue EX1180001',
        'graph.message MC1180442',
      ]);
      expect(result.signals.every((s) => s.channel === 'GRAPH' && s.tenantId === tenant.id)).toBe(true);
      expect(result.cursor).toEqual({
        issuesModifiedSince: '2026-11-20T09:05:12.510Z',
        messagesModifiedSince: '2026-11-18T16:44:09.130Z',
      });
      expect(result).toMatchObject({ requests: 5, throttledMs: 0, partial: undefined });
      expect(graphRequests().map(({ url }) => `${url.pathname}${url.search}`)).toEqual([
        '/v1.0/admin/serviceAnnouncement/healthOverviews',
        '/v1.0/admin/serviceAnnouncement/issues',
        '/v1.0/admin/serviceAnnouncement/issues?$skiptoken=MSZWRVJTSU9OJTNEMSUyNlBBR0UlM0Qy',
        '/v1.0/admin/serviceAnnouncement/messages',
      ]);
      expect(sent[0]).toMatchObject({ method: 'POST' });
    });

    it('asks for the token with client credentials for the Graph root, and sends it over plain http', async () => {
      const { sut, tokenRequests, graphRequests } = setUp(healthyGraph);
      await sut.poll({ cursor: null, signal: signal() });
      const [token] = tokenRequests();
      expect(token?.url.href).toBe(`${AUTHORITY}/contoso.onmicrosoft.com/oauth2/v2.0/token`);
      expect(Object.fromEntries(new URLSearchParams(token?.body))).toEqual({
        client_id: 'app-id',
        client_secret: SECRET,
        grant_type: 'client_credentials',
        scope: `${GRAPH}/.default`,
      });
      for (const request of graphRequests()) {
        expect(request.headers.get('authorization')).toBe(
          'Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.sample.signature',
        );
      }
      const prefer = graphRequests().map((request) => request.headers.get('prefer'));
      expect(prefer).toEqual([
        null,
        'odata.maxpagesize=200',
        'odata.maxpagesize=200',
        'odata.maxpagesize=200',
      ]);
    });
  });

  describe('later polls', () => {
    const cursor = { issuesModifiedSince: '2026-11-20T09:05:12.510Z', messagesModifiedSince: null };

    it('asks for the issues modified since the cursor less the overlap, with the token it already has', async () => {
      const { sut, graphRequests, tokenRequests } = setUp(healthyGraph);
      await sut.poll({ cursor: null, signal: signal() });
      await sut.poll({ cursor, signal: signal() });
      expect(tokenRequests()).toHaveLength(1);
      const filters = graphRequests()
        .slice(4)
        .map(({ url }) => url.searchParams.get('$filter'));
      expect(filters).toEqual([null, 'lastModifiedDateTime ge 2026-11-20T08:55:12.510Z', null, null]);
    });

    it('never moves the cursor back', async () => {
      const { sut } = setUp(healthyGraph);
      const later = { issuesModifiedSince: '2026-11-21T00:00:00.000Z', messagesModifiedSince: null };
      const result = await sut.poll({ cursor: later, signal: signal() });
      expect(result.cursor).toMatchObject({ issuesModifiedSince: later.issuesModifiedSince });
    });

    it('scans in full when Graph refuses the filter with a 400, and does not ask again', async () => {
      const { sut, graphRequests } = setUp((request) =>
        request.url.searchParams.has('$filter')
          ? json({ error: { code: 'BadRequest', message: 'Invalid filter clause' } }, 400)
          : healthyGraph(request),
      );
      const result = await sut.poll({ cursor, signal: signal() });
      expect(result.signals.filter((s) => s.kind === 'graph.issue')).toHaveLength(2);
      await sut.poll({ cursor, signal: signal() });
      const issueQueries = graphRequests()
        .filter(({ url }) => url.pathname.endsWith('/issues'))
        .map(({ url }) => url.search);
      expect(issueQueries).toEqual([
        expect.stringContaining('$filter='),
        '',
        '?$skiptoken=MSZWRVJTSU9OJTNEMSUyNlBBR0UlM0Qy',
        '',
        '?$skiptoken=MSZWRVJTSU9OJTNEMSUyNlBBR0UlM0Qy',
      ]);
    });

    it('replaces the token before it expires', async () => {
      const { sut, clock, tokenRequests } = setUp(healthyGraph);
      await sut.poll({ cursor: null, signal: signal() });
      clock.time += (3599 - 5 * 60 - 1) * 1000;
      await sut.poll({ cursor: null, signal: signal() });
      expect(tokenRequests()).toHaveLength(1);
      clock.time += 2000;
      await sut.poll({ cursor: null, signal: signal() });
      expect(tokenRequests()).toHaveLength(2);
    });
  });

  describe('authentication', () => {
    it('drops a token Graph refuses and tries once more with a new one', async () => {
      let refusals = 1;
      const { sut, tokenRequests } = setUp((request) =>
        request.url.pathname.endsWith('/healthOverviews') && refusals-- > 0
          ? json({ error: { code: 'InvalidAuthenticationToken' } }, 401)
          : healthyGraph(request),
      );
      const result = await sut.poll({ cursor: null, signal: signal() });
      expect(result.signals).toHaveLength(9);
      expect(tokenRequests()).toHaveLength(2);
    });

    it('fails as authentication when the new token is refused too', async () => {
      const { sut, tokenRequests } = setUp((request) =>
        request.url.pathname.endsWith('/healthOverviews')
          ? json({ error: { code: 'InvalidAuthenticationToken' } }, 401)
          : healthyGraph(request),
      );
      const error = await failure(sut.poll({ cursor: null, signal: signal() }));
      expect(error).toMatchObject({
        kind: 'authentication',
        message:
          'Graph GET healthOverviews for tenant contoso.onmicrosoft.com: 401 (InvalidAuthenticationToken)',
        pollStats: { requests: 4, throttledMs: 0 },
      });
      expect(tokenRequests()).toHaveLength(2);
    });

    it('fails as authentication on a refused secret, saying why without the secret', async () => {
      const { sut } = setUp(() => json(fixture('token-error.json'), 401));
      const error = await failure(sut.poll({ cursor: null, signal: signal() }));
      expect(error.kind).toBe('authentication');
      expect(error.message).toBe(
        'Graph token request for tenant contoso.onmicrosoft.com: 401 invalid_client (AADSTS7000215)',
      );
      expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(SECRET);
    });

    it('keeps the health overviews and issues when messages answer 403, naming messages in partial', async () => {
      const forbidden = (resource: string) => (request: Sent) =>
        request.url.pathname.endsWith(`/${resource}`)
          ? json(fixture('error-forbidden.json'), 403)
          : healthyGraph(request);
      const cursor = {
        issuesModifiedSince: '2026-11-01T00:00:00.000Z',
        messagesModifiedSince: '2026-11-02T00:00:00.000Z',
      };
      const { sut } = setUp(forbidden('messages'));

      const result = await sut.poll({ cursor, signal: signal() });

      expect(result.signals.map((s) => s.kind)).toEqual([
        ...Array<string>(6).fill('graph.healthOverview'),
        'graph.issue',
        'graph.issue',
      ]);
      expect(result.partial).toBe(
        'messages: authentication: Graph GET messages for tenant contoso.onmicrosoft.com: 403 (Authorization_RequestDenied)',
      );
      // The issues' cursor moves on; the messages' stays where it was, so that none is skipped later.
      expect(result.cursor).toEqual({
        issuesModifiedSince: '2026-11-20T09:05:12.510Z',
        messagesModifiedSince: cursor.messagesModifiedSince,
      });
    });

    it.each(['healthOverviews', 'issues'])(
      'fails as authentication when %s answer 403: Graph without them is no fresh Graph',
      async (resource) => {
        const { sut } = setUp((request) =>
          request.url.pathname.endsWith(`/${resource}`)
            ? json(fixture('error-forbidden.json'), 403)
            : healthyGraph(request),
        );
        await expect(sut.poll({ cursor: null, signal: signal() })).rejects.toMatchObject({
          kind: 'authentication',
          message: expect.stringContaining(`Graph GET ${resource} `),
        });
      },
    );
  });

  describe('throttling', () => {
    it('fails as throttled on a 429 and holds the tenant until Retry-After has passed', async () => {
      let throttle = true;
      const { sut, clock, graphRequests } = setUp(
        (request) =>
          request.url.pathname.endsWith('/issues') && throttle
            ? json({ error: { code: 'TooManyRequests' } }, 429, { 'retry-after': '120' })
            : healthyGraph(request),
        { maxThrottleWaitMs: 30_000 },
      );
      await expect(sut.poll({ cursor: null, signal: signal() })).rejects.toMatchObject({
        kind: 'throttled',
        retryAfterMs: 120_000,
      });
      throttle = false;
      const before = graphRequests().length;
      await expect(sut.poll({ cursor: null, signal: signal() })).rejects.toMatchObject({
        kind: 'throttled',
        message:
          'Graph for tenant contoso.onmicrosoft.com: request budget spent, next request allowed in 120 s',
      });
      expect(graphRequests()).toHaveLength(before);
      clock.time += 100_000;
      const result = await sut.poll({ cursor: null, signal: signal() });
      expect(result.throttledMs).toBe(20_000);
    });
  });

  describe('bad answers', () => {
    it.each<[string, Answer, string]>([
      [
        'an HTML page under a 200',
        () => new Response('<!doctype html><html></html>', { headers: { 'content-type': 'text/html' } }),
        'an HTML page instead of JSON',
      ],
      ['invalid JSON', () => json('{"value": ['), 'invalid JSON'],
      [
        'a page that is not a collection',
        () => json({ values: [] }),
        'unexpected answer (value: Invalid input',
      ],
      [
        'a next link to another host',
        () =>
          json({
            value: [],
            '@odata.nextLink': 'https://elsewhere.example/v1.0/admin/serviceAnnouncement/issues',
          }),
        'Graph next link leaves',
      ],
    ])('fails the poll as malformed on %s', async (_case, answer, message) => {
      const { sut } = setUp((request) =>
        request.url.pathname.endsWith('/issues') ? answer(request) : healthyGraph(request),
      );
      const error = await failure(sut.poll({ cursor: null, signal: signal() }));
      expect(error.kind).toBe('malformed');
      expect(error.message).toContain(message);
    });

    it('refuses a body over the size limit', async () => {
      const { sut } = setUp(healthyGraph, { maxBodyBytes: 500 });
      await expect(sut.poll({ cursor: null, signal: signal() })).rejects.toMatchObject({
        kind: 'malformed',
        message: 'Graph GET healthOverviews for tenant contoso.onmicrosoft.com: answer larger than 500 bytes',
      });
    });

    it('keeps the valid items of a page and returns the others as unreadable signals', async () => {
      const { sut } = setUp((request) =>
        request.url.pathname.endsWith('/issues')
          ? json(fixture('issues-variations.json'))
          : healthyGraph(request),
      );
      const result = await sut.poll({ cursor: null, signal: signal() });
      const issues = result.signals.filter((s) => s.kind === 'graph.issue');
      expect(issues.filter((s) => !s.unreadable).map((s) => s.externalId)).toEqual([
        'TM1199007',
        'SP1199010',
        'MO1199001',
      ]);
      const unreadable = issues.filter((s) => s.unreadable);
      expect(unreadable.map((s) => s.externalId)).toEqual([
        expect.stringMatching(/^unreadable:[0-9a-f]{16}$/),
        'EX1199099',
        'EX1199100',
      ]);
      expect(unreadable[0]?.unreadable).toMatch(/^graph\.issue #4: id: /);
      expect(unreadable[1]?.payload).toEqual(JSON.parse(fixture('issues-variations.json')).value[4]);
      expect(unreadable.every((s) => /^[0-9a-f]{64}$/.test(s.contentHash))).toBe(true);
      expect(result.partial).toBeUndefined();
      expect(result.cursor).toMatchObject({ issuesModifiedSince: '2026-11-20T11:00:00.000Z' });
    });

    it('stops an endless chain of next links, keeping the cursor where it was', async () => {
      const { sut, graphRequests } = setUp(
        (request) =>
          request.url.pathname.endsWith('/issues')
            ? json({
                value: [],
                '@odata.nextLink': `${GRAPH}/v1.0/admin/serviceAnnouncement/issues?$skiptoken=again`,
              })
            : healthyGraph(request),
        { graphMaxPages: 3 },
      );
      const cursor = { issuesModifiedSince: '2026-11-19T00:00:00.000Z', messagesModifiedSince: null };
      const result = await sut.poll({ cursor, signal: signal() });
      expect(result.partial).toBe('issues: stopped after 3 pages');
      expect(result.cursor).toMatchObject({ issuesModifiedSince: '2026-11-19T00:00:00.000Z' });
      expect(graphRequests().filter(({ url }) => url.pathname.endsWith('/issues'))).toHaveLength(3);
    });
  });

  describe('unavailability and time-outs', () => {
    it.each([500, 502, 503, 504])('fails as unavailable on a %i from issues', async (status) => {
      const { sut } = setUp((request) =>
        request.url.pathname.endsWith('/issues') ? json('', status) : healthyGraph(request),
      );
      await expect(sut.poll({ cursor: null, signal: signal() })).rejects.toMatchObject({
        kind: 'unavailable',
        httpStatus: status,
      });
    });

    it('fails as unavailable when the connection is refused', async () => {
      const refused = new TypeError('fetch failed', {
        cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
      });
      const { sut } = setUp(() => Promise.reject(refused));
      await expect(sut.poll({ cursor: null, signal: signal() })).rejects.toMatchObject({
        kind: 'unavailable',
        message: 'Graph token request for tenant contoso.onmicrosoft.com: connection refused',
      });
    });

    it('fails as timeout when the poll is aborted mid-request', async () => {
      const controller = new AbortController();
      const { sut } = setUp((request) => {
        if (!request.url.pathname.endsWith('/issues')) return healthyGraph(request);
        controller.abort(new Error('poll deadline'));
        return Promise.reject(new DOMException('aborted', 'AbortError'));
      });
      await expect(sut.poll({ cursor: null, signal: controller.signal })).rejects.toMatchObject({
        kind: 'timeout',
        message: 'Graph GET issues for tenant contoso.onmicrosoft.com: poll aborted before the answer came',
      });
    });
  });
});
