import { readFileSync } from 'node:fs';
import { connectorSettings, type ConnectorOptions } from '../connector.options.js';
import { StatusSiteConnector } from './status-site.connector.js';

const SITE = 'http://127.0.0.1:4020';
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

type Answer = (path: string) => Response;

const answer = (body: string, contentType: string, status = 200, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { 'content-type': contentType, ...headers } });

const healthySite: Answer = (path) => {
  switch (path) {
    case '/api/feed/mac':
      return answer(fixture('feed-mac.xml'), 'application/rss+xml');
    case '/api/feed/ppac':
      return answer(fixture('feed-ppac-available.xml'), 'application/rss+xml');
    case '/api/posts/mac':
      return answer(fixture('posts-mac.json'), 'application/json');
    case '/api/posts/m365Consumer':
      return answer(fixture('posts-m365consumer.json'), 'application/json');
    default:
      return answer(fixture('html-shell.html'), 'text/html');
  }
};

function setUp(site: Answer, options: ConnectorOptions = {}) {
  const paths: string[] = [];
  const fetch: typeof globalThis.fetch = async (input) => {
    const url = new URL(String(input));
    paths.push(url.pathname);
    return site(url.pathname);
  };
  return { sut: new StatusSiteConnector(`${SITE}/`, connectorSettings({ fetch, ...options })), paths };
}

const poll = { cursor: null, signal: new AbortController().signal };

describe(StatusSiteConnector.name, () => {
  it('reads both feeds, the admin center post and the consumer posts', async () => {
    const { sut, paths } = setUp(healthySite);
    const result = await sut.poll(poll);
    expect(paths).toEqual(['/api/feed/mac', '/api/feed/ppac', '/api/posts/mac', '/api/posts/m365Consumer']);
    expect(result.signals.filter((s) => !s.unreadable).map((s) => `${s.kind} ${s.externalId}`)).toEqual([
      'statusSite.feedItem mac',
      'statusSite.feedItem ppac',
      'statusSite.post 5b7f0c6e-2d1a-4f3b-9c8e-7a6b5c4d3e2f',
      'statusSite.post OutlookCom:a1f0c2d3-0000-4000-8000-000000000001',
      'statusSite.post Skype:a1f0c2d3-0000-4000-8000-000000000001',
    ]);
    expect(result).toMatchObject({ cursor: null, requests: 4, throttledMs: 0 });
    expect(result.signals.filter((s) => s.unreadable)).toEqual([
      expect.objectContaining({
        kind: 'statusSite.post',
        unreadable: expect.stringMatching(/^statusSite\.post /),
      }),
    ]);
    expect(result.partial).toBeUndefined();
  });

  it('gives the same hashes when polled again', async () => {
    const { sut } = setUp(healthySite);
    const first = await sut.poll(poll);
    const second = await sut.poll(poll);
    expect(second.signals.map((s) => s.contentHash)).toEqual(first.signals.map((s) => s.contentHash));
  });

  it.each([
    ['/api/feed/mac', 'feed/mac', 'statusSite.feedItem mac'],
    ['/api/feed/ppac', 'feed/ppac', 'statusSite.feedItem ppac'],
    ['/api/posts/mac', 'posts/mac', 'statusSite.post 5b7f0c6e-2d1a-4f3b-9c8e-7a6b5c4d3e2f'],
    [
      '/api/posts/m365Consumer',
      'posts/m365Consumer',
      'statusSite.post OutlookCom:a1f0c2d3-0000-4000-8000-000000000001',
    ],
  ])(
    'keeps the other endpoints when %s answers with the HTML shell, naming it in partial',
    async (broken, part, lost) => {
      const { sut } = setUp((path) =>
        path === broken ? answer(fixture('html-shell.html'), 'text/html') : healthySite(path),
      );
      const healthy = (await setUp(healthySite).sut.poll(poll)).signals.map(
        (s) => `${s.kind} ${s.externalId}`,
      );

      const result = await sut.poll(poll);

      const kept = result.signals.map((s) => `${s.kind} ${s.externalId}`);
      expect(kept).not.toContain(lost);
      expect(kept).toEqual(healthy.filter((signal) => kept.includes(signal)));
      expect(kept.length).toBeGreaterThan(0);
      expect(result.partial).toContain(
        `${part}: malformed: Status site GET ${broken}: an HTML page instead of`,
      );
    },
  );

  it('fails when every endpoint fails, with the first failure', async () => {
    const { sut } = setUp(() => answer(fixture('html-shell.html'), 'text/html'));
    await expect(sut.poll(poll)).rejects.toMatchObject({
      kind: 'malformed',
      message: 'Status site GET /api/feed/mac: an HTML page instead of RSS',
    });
  });

  it('fails as throttled on a 429, and waits out its Retry-After before asking again', async () => {
    let throttled = true;
    const { sut, paths } = setUp(
      (path) => (throttled ? answer('', 'text/plain', 429, { 'retry-after': '3600' }) : healthySite(path)),
      { maxThrottleWaitMs: 1_000 },
    );
    await expect(sut.poll(poll)).rejects.toMatchObject({ kind: 'throttled', retryAfterMs: 3_600_000 });
    throttled = false;
    await expect(sut.poll(poll)).rejects.toMatchObject({ kind: 'throttled' });
    expect(paths).toHaveLength(1);
  });

  it.each([500, 503, 404])('fails as unavailable on a %i', async (status) => {
    const { sut } = setUp(() => answer('', 'text/plain', status));
    await expect(sut.poll(poll)).rejects.toMatchObject({ kind: 'unavailable', httpStatus: status });
  });
});
