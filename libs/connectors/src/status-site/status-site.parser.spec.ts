import { readFileSync } from 'node:fs';
import { PartialNotes } from '../shared/validation.notes.js';
import {
  parseStatusSiteConsumerPosts,
  parseStatusSiteFeed,
  parseStatusSitePost,
} from './status-site.parser.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const rss = (name: string) => ({ text: fixture(name), contentType: 'application/rss+xml; charset=utf-8' });
const json = (name: string) => ({ text: fixture(name), contentType: 'application/json; charset=utf-8' });

describe(parseStatusSiteFeed.name, () => {
  const what = 'Status site GET /api/feed/mac';

  it('reads the feed item as its own elements, its custom <status> included', async () => {
    const items = await parseStatusSiteFeed(rss('feed-mac.xml'), what, new PartialNotes());
    expect(items).toEqual([
      {
        title: 'Microsoft Admin Center',
        description: expect.stringContaining('MO1199001'),
        status: 'Service degradation',
        pubDate: 'Thu, 20 Nov 2026 10:20:00 Z',
      },
    ]);
  });

  it('reads a feed served as text/xml too', async () => {
    const items = await parseStatusSiteFeed(
      { text: fixture('feed-ppac-available.xml'), contentType: 'text/xml' },
      what,
      new PartialNotes(),
    );
    expect(items[0]?.status).toBe('Available');
  });

  it('notes an item without a status as unreadable', async () => {
    const notes = new PartialNotes();
    expect(await parseStatusSiteFeed(rss('feed-without-status.xml'), what, notes)).toEqual([]);
    expect(notes.unreadableItems).toEqual([
      expect.objectContaining({
        kind: 'statusSite.feedItem',
        id: 'Microsoft Admin Center',
        reason: expect.stringMatching(/^statusSite\.feedItem Microsoft Admin Center: status:/),
      }),
    ]);
  });

  it.each([
    [
      'the HTML shell under text/html',
      { text: fixture('html-shell.html'), contentType: 'text/html' },
      'an HTML page instead of RSS',
    ],
    [
      'the HTML shell under an RSS type',
      { text: fixture('html-shell.html'), contentType: 'application/rss+xml' },
      'an HTML page instead of RSS',
    ],
    ['JSON', json('posts-mac.json'), 'not an RSS feed'],
    [
      'XML cut short',
      { text: fixture('feed-mac.xml').slice(0, 300), contentType: 'application/rss+xml' },
      'not an RSS feed',
    ],
    ['a feed without an item', rss('feed-without-item.xml'), 'RSS feed without an item'],
  ])('refuses %s as malformed', async (_case, answer, message) => {
    await expect(parseStatusSiteFeed(answer, what, new PartialNotes())).rejects.toMatchObject({
      kind: 'malformed',
      message: `${what}: ${message}`,
    });
  });
});

describe(parseStatusSitePost.name, () => {
  const what = 'Status site GET /api/posts/mac';

  it.each([
    ['posts-mac.json', '5b7f0c6e-2d1a-4f3b-9c8e-7a6b5c4d3e2f', 'Service degradation'],
    ['posts-mac-available.json', '972a3801-cef4-49eb-817a-6e8b79ac845a', 'Available'],
  ])('reads the admin center post in %s', (name, Id, Status) => {
    expect(parseStatusSitePost(json(name), what)).toMatchObject({ Id, Status });
  });

  it('returns the post as received, one with a date it cannot read included (its status still counts)', () => {
    const text =
      '{"Id":"1","Status":"Available","AuthoredDateTime":"20 Nov","LastUpdatedTime":"2026-11-20T10:26:00.0000001+00:00"}';
    expect(parseStatusSitePost({ text, contentType: 'application/json' }, what)).toEqual(JSON.parse(text));
  });

  it.each([
    ['the HTML shell', { text: fixture('html-shell.html'), contentType: 'text/html' }],
    ['a post without an Id', { text: '{"Status":"Available"}', contentType: 'application/json' }],
    ['an array', { text: '[]', contentType: 'application/json' }],
  ])('refuses %s as malformed', (_case, answer) => {
    expect(() => parseStatusSitePost(answer, what)).toThrow(expect.objectContaining({ kind: 'malformed' }));
  });
});

describe(parseStatusSiteConsumerPosts.name, () => {
  const what = 'Status site GET /api/posts/m365Consumer';

  it('reads each workload post and notes one without its workload name as unreadable', () => {
    const notes = new PartialNotes();
    const posts = parseStatusSiteConsumerPosts(json('posts-m365consumer.json'), what, notes);
    expect(posts.map((post) => [post.ServiceWorkloadName, post.Status])).toEqual([
      ['OutlookCom', 'Operational'],
      ['Skype', 'ServiceDegradation'],
    ]);
    expect(notes.unreadableItems.map((item) => item.reason)).toEqual([
      expect.stringMatching(/^statusSite\.post a1f0c2d3-0000-4000-8000-000000000003: ServiceWorkloadName:/),
    ]);
  });

  it('refuses an object where the list should be', () => {
    expect(() => parseStatusSiteConsumerPosts(json('posts-mac.json'), what, new PartialNotes())).toThrow(
      expect.objectContaining({ kind: 'malformed' }),
    );
  });
});
