import { z } from 'zod';
import { isoDateTimeSchema } from '../shared/datetime.schema.js';

// Every field is optional in real answers (upstreams.md §1) except what Beacon keys on: the id. Enum-like
// fields (status, classification, origin, postType, category, severity) stay plain strings, in whatever
// casing Graph sent: the domain maps them, and an unknown value must reach it as itself, never as "healthy".
// Objects are loose: unknown extra fields (e.g. `highImpact`) are kept.

const text = z.string().nullish();
const dateTime = isoDateTimeSchema.nullish();

const itemBodySchema = z.looseObject({ contentType: text, content: text });
const detailSchema = z.looseObject({ name: text, value: text });

/** `serviceHealth`: one service's current status in one tenant. */
export const graphServiceHealthSchema = z.looseObject({
  id: z.string().min(1),
  service: text,
  status: text,
});

/** `serviceHealthIssuePost`: one update of an issue. */
export const graphIssuePostSchema = z.looseObject({
  createdDateTime: dateTime,
  postType: text,
  description: itemBodySchema.nullish(),
});

/** `serviceHealthIssue`: an incident or advisory (`EX1234567`). */
export const graphIssueSchema = z.looseObject({
  id: z.string().min(1),
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
  details: z.array(detailSchema).nullish(),
  posts: z.array(graphIssuePostSchema).nullish(),
});

/** `serviceUpdateMessage`: a message-center post (`MC1234567`). */
export const graphMessageSchema = z.looseObject({
  id: z.string().min(1),
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
  hasAttachments: z.boolean().nullish(),
  body: itemBodySchema.nullish(),
  details: z.array(detailSchema).nullish(),
  expiryDateTime: dateTime,
});

/** One page of a collection: its items are validated one by one, so they are `unknown` here. */
export const graphPageSchema = z.looseObject({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().min(1).nullish(),
});

/** Graph's error body: `{ error: { code, message } }`. */
export const graphErrorBodySchema = z.looseObject({
  error: z.looseObject({ code: z.string().optional(), message: z.string().optional() }),
});

/** The token endpoint's success answer (client credentials). */
export const graphTokenSchema = z.looseObject({
  token_type: z.string().regex(/^bearer$/i, 'expected token_type Bearer'),
  access_token: z.string().min(1),
  // Entra sends a number; some older endpoints sent a numeric string.
  expires_in: z.coerce.number().int().positive(),
});

/** The token endpoint's error answer, e.g. `invalid_client` with `AADSTS7000215` in its description. */
export const graphTokenErrorSchema = z.looseObject({
  error: z.string(),
  error_description: z.string().optional(),
});

export type GraphServiceHealth = z.output<typeof graphServiceHealthSchema>;
export type GraphIssue = z.output<typeof graphIssueSchema>;
export type GraphIssuePost = z.output<typeof graphIssuePostSchema>;
export type GraphMessage = z.output<typeof graphMessageSchema>;
export type GraphToken = z.output<typeof graphTokenSchema>;
