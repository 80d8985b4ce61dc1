import { z } from 'zod';

// The status site's data endpoints are undocumented (upstreams.md §2): only what Beacon keys on is required
// (an id, a status word); the status word stays as written (`Service degradation`, `ServiceDegradation`,
// or a word nobody has seen yet), for the domain to read. Unknown extra fields are kept.

const text = z.string().nullish();

/** `statusSite.feedItem`: the one item of `/api/feed/{mac,ppac}`, as the RSS item's own elements. */
export const statusSiteFeedItemPayload = z.looseObject({
  title: text,
  description: text,
  status: z.string().min(1),
  pubDate: text,
});

/**
 * `statusSite.post`: `/api/posts/mac`, or an entry of `/api/posts/m365Consumer` (which names its workload).
 * Its date-times are kept as written, not read as dates: the site writes `0001-01-01T00:00:00+00:00` for
 * "no date", and a post whose only odd field is a date still says what its status is.
 */
export const statusSitePostPayload = z.looseObject({
  Id: z.string().min(1),
  AuthoredDateTime: text,
  InternalDateTime: text,
  LastUpdatedTime: text,
  Title: text,
  Message: text,
  Status: z.string().min(1),
  ServiceWorkloadName: text,
  ServiceDisplayName: text,
});

/** An entry of `/api/posts/m365Consumer`: a consumer workload's post, ids unique per workload only. */
export const statusSiteConsumerPostPayload = statusSitePostPayload.extend({
  ServiceWorkloadName: z.string().min(1),
});

export type StatusSiteFeedItem = z.input<typeof statusSiteFeedItemPayload>;
export type StatusSitePost = z.input<typeof statusSitePostPayload>;
export type StatusSiteConsumerPost = z.input<typeof statusSiteConsumerPostPayload>;
