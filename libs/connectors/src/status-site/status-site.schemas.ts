import { z } from 'zod';
import { isoDateTimeSchema } from '../shared/datetime.schema.js';

// The status site's data endpoints are undocumented (upstreams.md §2): only what Beacon keys on is required
// (an id, a status word); the status word stays as written (`Service degradation`, `ServiceDegradation`,
// or a word nobody has seen yet), for the domain to read. Unknown extra fields are kept.

const text = z.string().nullish();
const dateTime = isoDateTimeSchema.nullish();

/** One item of `/api/feed/{mac,ppac}` as rss-parser returns it (`description` arrives as `content`). */
export const statusSiteFeedItemSchema = z.looseObject({
  title: text,
  content: text,
  status: z.string().min(1),
  pubDate: text,
  isoDate: dateTime,
  guid: text,
  link: text,
});

/** `/api/posts/mac` (and every entry of `/api/posts/m365Consumer`). */
export const statusSitePostSchema = z.looseObject({
  Id: z.string().min(1),
  AuthoredDateTime: dateTime,
  InternalDateTime: dateTime,
  LastUpdatedTime: dateTime,
  Title: text,
  Message: text,
  Status: z.string().min(1),
});

/** An entry of `/api/posts/m365Consumer`: a consumer workload's post. */
export const statusSiteConsumerPostSchema = statusSitePostSchema.extend({
  ServiceWorkloadName: z.string().min(1),
  ServiceDisplayName: text,
});

/** `/api/posts/m365Consumer` as a whole: an array, whose entries are validated one by one. */
export const statusSiteConsumerListSchema = z.array(z.unknown());

export type StatusSiteFeedItem = z.output<typeof statusSiteFeedItemSchema>;
export type StatusSitePost = z.output<typeof statusSitePostSchema>;
export type StatusSiteConsumerPost = z.output<typeof statusSiteConsumerPostSchema>;

/** What a `statusSite.feedItem` signal carries: the RSS item's own elements. */
export interface StatusSiteFeedItemPayload extends Record<string, unknown> {
  title: string | null;
  description: string | null;
  status: string;
  pubDate: string | null;
}
