import { z } from 'zod';
import { payloadDateTime } from './date-time.schema.js';

// Every field is optional in real answers (upstreams.md §1) except what Beacon keys on: the id. Enum-like
// fields (status, classification, origin, postType, category, severity) stay plain strings, in whatever
// casing Graph sent: the domain maps them, and an unknown value must reach it as itself, never as "healthy".
// Objects are loose: unknown extra fields (e.g. `highImpact`) are kept.

const text = z.string().nullish();

const itemBody = z.looseObject({ contentType: text, content: text });
const detail = z.looseObject({ name: text, value: text });

/** `graph.healthOverview`: one service's current status in one tenant (`serviceHealth`). */
export const graphHealthOverviewPayload = z.looseObject({
  id: z.string().min(1),
  service: text,
  status: text,
});

/** One update of an issue (`serviceHealthIssuePost`). */
const graphIssuePost = z.looseObject({
  createdDateTime: payloadDateTime,
  postType: text,
  description: itemBody.nullish(),
});

/** `graph.issue`: an incident or advisory (`serviceHealthIssue`, `EX1234567`). */
export const graphIssuePayload = z.looseObject({
  id: z.string().min(1),
  title: text,
  startDateTime: payloadDateTime,
  endDateTime: payloadDateTime,
  lastModifiedDateTime: payloadDateTime,
  classification: text,
  origin: text,
  status: text,
  service: text,
  feature: text,
  featureGroup: text,
  impactDescription: text,
  isResolved: z.boolean().nullish(),
  details: z.array(detail).nullish(),
  posts: z.array(graphIssuePost).nullish(),
});

/** `graph.message`: a message-center post (`serviceUpdateMessage`, `MC1234567`). */
export const graphMessagePayload = z.looseObject({
  id: z.string().min(1),
  title: text,
  startDateTime: payloadDateTime,
  endDateTime: payloadDateTime,
  lastModifiedDateTime: payloadDateTime,
  category: text,
  severity: text,
  tags: z.array(z.string()).nullish(),
  isMajorChange: z.boolean().nullish(),
  actionRequiredByDateTime: payloadDateTime,
  services: z.array(z.string()).nullish(),
  hasAttachments: z.boolean().nullish(),
  body: itemBody.nullish(),
  details: z.array(detail).nullish(),
  expiryDateTime: payloadDateTime,
});

/** A health overview as Graph sent it (and as it is stored). */
export type GraphHealthOverview = z.input<typeof graphHealthOverviewPayload>;
/** An issue as Graph sent it (and as it is stored): dates are strings. */
export type GraphIssue = z.input<typeof graphIssuePayload>;
/** A stored issue as read: dates are Dates. */
export type GraphIssuePayload = z.output<typeof graphIssuePayload>;
/** A message as Graph sent it (and as it is stored): dates are strings. */
export type GraphMessage = z.input<typeof graphMessagePayload>;
/** A stored message as read: dates are Dates. */
export type GraphMessagePayload = z.output<typeof graphMessagePayload>;
