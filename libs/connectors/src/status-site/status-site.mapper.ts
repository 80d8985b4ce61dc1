import type { RawSignal, StatusSiteConsumerPost, StatusSiteFeedItem, StatusSitePost } from '#domain';
import { toRawSignal } from '../shared/raw-signal.factory.js';
import { toTimestamp } from '../shared/timestamp.util.js';

/** `LastUpdatedTime` is the server's clock at the request, not a change: it must not change the hash. */
export const STATUS_SITE_POST_VOLATILE_FIELDS = ['LastUpdatedTime'] as const;

/** A feed's item; the feed has one, so the feed's name (`mac`, `ppac`) is its id. */
export function toFeedItemSignal(feed: string, item: StatusSiteFeedItem): RawSignal {
  return toRawSignal({
    channel: 'STATUS_SITE',
    tenantId: null,
    kind: 'statusSite.feedItem',
    externalId: feed,
    publishedAt: toTimestamp(item.pubDate),
    payload: item,
  });
}

/** The admin center's post (`/api/posts/mac`), by its `Id`. */
export function toPostSignal(post: StatusSitePost): RawSignal {
  return postSignal(post.Id, post);
}

/** A consumer workload's post: ids are only unique per workload, so the workload names it too. */
export function toConsumerPostSignal(post: StatusSiteConsumerPost): RawSignal {
  return postSignal(`${post.ServiceWorkloadName}:${post.Id}`, post);
}

function postSignal(externalId: string, post: StatusSitePost): RawSignal {
  return toRawSignal(
    {
      channel: 'STATUS_SITE',
      tenantId: null,
      kind: 'statusSite.post',
      externalId,
      // `0001-01-01T00:00:00+00:00` (no date) becomes null.
      publishedAt: toTimestamp(post.AuthoredDateTime),
      payload: post,
    },
    STATUS_SITE_POST_VOLATILE_FIELDS,
  );
}
