import type { StatusSiteConsumerPost, StatusSitePost } from '#domain';
import { readFileSync } from 'node:fs';
import { toConsumerPostSignal, toFeedItemSignal, toPostSignal } from './status-site.mapper.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe(toPostSignal.name, () => {
  const post = fixture('posts-mac.json') as StatusSitePost;

  it('keys the post by its Id, published when authored', () => {
    expect(toPostSignal(post)).toMatchObject({
      channel: 'STATUS_SITE',
      tenantId: null,
      kind: 'statusSite.post',
      externalId: '5b7f0c6e-2d1a-4f3b-9c8e-7a6b5c4d3e2f',
      publishedAt: new Date('2026-11-20T10:18:03Z'),
      payload: post,
    });
  });

  it('hashes the same post the same whatever the server clock said', () => {
    const later = { ...post, LastUpdatedTime: '2026-11-20T10:26:00.000001+00:00' };
    expect(toPostSignal(later).contentHash).toBe(toPostSignal(post).contentHash);
    expect(toPostSignal({ ...post, Status: 'Service restored' }).contentHash).not.toBe(
      toPostSignal(post).contentHash,
    );
  });
});

describe(toConsumerPostSignal.name, () => {
  const [outlook, skype] = fixture('posts-m365consumer.json') as StatusSiteConsumerPost[];

  it('keys a consumer post by workload and Id, so that workloads sharing an Id stay apart', () => {
    expect(toConsumerPostSignal(outlook!).externalId).toBe('OutlookCom:a1f0c2d3-0000-4000-8000-000000000001');
    expect(toConsumerPostSignal(skype!).externalId).toBe('Skype:a1f0c2d3-0000-4000-8000-000000000001');
  });

  it('reads AuthoredDateTime 0001-01-01 as no date', () => {
    expect(toConsumerPostSignal(outlook!).publishedAt).toBeNull();
    expect(toConsumerPostSignal(skype!).publishedAt).toEqual(new Date('2026-11-20T09:58:12Z'));
  });
});

describe(toFeedItemSignal.name, () => {
  it('keys the feed item by the feed, with the RSS elements as payload', () => {
    const item = {
      title: 'Microsoft Admin Center',
      description: '<div>Down</div>',
      status: 'Service degradation',
      pubDate: 'Thu, 20 Nov 2026 10:20:00 Z',
    };
    expect(toFeedItemSignal('mac', item)).toMatchObject({
      kind: 'statusSite.feedItem',
      externalId: 'mac',
      publishedAt: new Date('2026-11-20T10:20:00Z'),
      payload: item,
    });
  });
});
