import { rssDate } from './status-site-date.js';
import type { StatusSitePost } from './status-site.world.js';

export const FEEDS = {
  mac: { channel: 'Microsoft Admin Center Status', item: 'Microsoft Admin Center' },
  ppac: { channel: 'Power Platform Admin Center Status', item: 'Power Platform Admin Center' },
} as const;

/** The one-item RSS 2.0 feed with its custom `<status>` element, as samples/status-site-feed-mac.xml. */
export function renderFeed(feed: keyof typeof FEEDS, post: StatusSitePost): string {
  const { channel, item } = FEEDS[feed];
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
  <channel>
    <title>${channel}</title>
    <link>https://status.cloud.microsoft/</link>
    <description>${channel}</description>
    <item>
      <title>${item}</title>
      <description>${escapeXml(post.Message)}</description>
      <status>${escapeXml(post.Status)}</status>
      <pubDate>${rssDate(Date.parse(post.InternalDateTime))}</pubDate>
    </item>
  </channel>
</rss>
`;
}

/** Element text needs only these three; the site leaves quotes and apostrophes as they are. */
function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
