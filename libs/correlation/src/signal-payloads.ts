import { z } from 'zod';

/**
 * What correlation reads of the stored payloads. The connectors validated them on the way in; these
 * schemas say which fields correlation relies on, and keep old rows readable when a rebuild reads them.
 */
const text = z.string().nullish();
const dateTime = z.iso
  .datetime({ offset: true })
  .or(z.iso.datetime())
  .nullish()
  .transform((value) => (value ? new Date(value) : null));

export const graphHealthOverviewPayload = z.object({ id: z.string(), service: z.string(), status: text });

export const graphIssuePayload = z.object({
  id: z.string(),
  title: text,
  startDateTime: dateTime,
  endDateTime: dateTime,
  lastModifiedDateTime: dateTime,
  classification: text,
  origin: text,
  status: text,
  service: text,
  feature: text,
  featureGroup: text,
  impactDescription: text,
  isResolved: z.boolean().nullish(),
  posts: z
    .array(
      z.object({
        createdDateTime: dateTime,
        postType: text,
        description: z.object({ contentType: text, content: text }).nullish(),
      }),
    )
    .nullish(),
});
export type GraphIssuePayload = z.infer<typeof graphIssuePayload>;

export const graphMessagePayload = z.object({
  id: z.string(),
  title: text,
  startDateTime: dateTime,
  endDateTime: dateTime,
  lastModifiedDateTime: dateTime,
  category: text,
  severity: text,
  tags: z.array(z.string()).nullish(),
  isMajorChange: z.boolean().nullish(),
  actionRequiredByDateTime: dateTime,
  services: z.array(z.string()).nullish(),
  body: z.object({ contentType: text, content: text }).nullish(),
});
export type GraphMessagePayload = z.infer<typeof graphMessagePayload>;

export const xPostPayload = z.object({
  id: z.string(),
  text: z.string(),
  created_at: dateTime,
  author_id: text,
  in_reply_to_user_id: text,
  referenced_tweets: z.array(z.object({ type: z.string(), id: z.string() })).nullish(),
});
export type XPostPayload = z.infer<typeof xPostPayload>;

export const statusSiteFeedItemPayload = z.object({
  title: text,
  description: text,
  status: z.string(),
  pubDate: text,
});

export const statusSitePostPayload = z.object({
  Id: z.string(),
  Title: text,
  Message: text,
  Status: z.string(),
  ServiceWorkloadName: text,
  ServiceDisplayName: text,
});
