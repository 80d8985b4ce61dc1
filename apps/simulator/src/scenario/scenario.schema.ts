import { z } from 'zod';
import { parseOffset } from './offset.js';
import {
  DEFAULT_CONSUMER_WORKLOADS,
  DEFAULT_REPLY_TO_USER_ID,
  DEFAULT_SERVICES,
  DEFAULT_X_USER,
} from './scenario.defaults.js';
import {
  CHANNELS,
  CREDENTIAL_FAULTS,
  ENDPOINTS,
  FAULT_KINDS,
  HEALTH_STATUSES,
  INCIDENT_REPORT_FORMATS,
  ISSUE_CLASSIFICATIONS,
  ISSUE_ORIGINS,
  MESSAGE_CATEGORIES,
  MESSAGE_SEVERITIES,
  POST_TYPES,
  TWEET_KINDS,
} from './scenario.vocabulary.js';
import { stableGuid, stableSecret } from './stable-id.js';
import { templateProblems } from './text-template.js';

/** Seconds from the scenario's start: 90, "90s", "-40m", "1h30m". */
const offset = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const seconds = parseOffset(value);
  if (seconds === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `expected seconds from the start such as 90, "90s", "-40m", "1h30m" or "-2d", got ${JSON.stringify(value)}`,
    });
    return z.NEVER;
  }
  return seconds;
});
const duration = offset.refine((seconds) => seconds > 0, 'expected a positive duration');

/** Text served to clients; `{{time <offset>}}` renders as Microsoft writes times. */
const text = z.string().superRefine((value, ctx) => {
  for (const message of templateProblems(value)) ctx.addIssue({ code: 'custom', message });
});

/**
 * Real answers mix casings (`ServiceRestored`, `Advisory`), so a scenario may too: the word is checked
 * case-insensitively and served as written.
 */
const anyCase = (values: readonly string[], what: string) =>
  z
    .string()
    .refine(
      (value) => values.some((known) => known.toLowerCase() === value.toLowerCase()),
      `expected a ${what}: one of ${values.join(', ')} (any casing)`,
    );

const healthStatus = anyCase(HEALTH_STATUSES, 'serviceHealthStatus');
const classification = anyCase(ISSUE_CLASSIFICATIONS, 'classification');
const nameValue = z.strictObject({ name: z.string(), value: z.string() });
const tenantNames = z.array(z.string().min(1)).min(1);

const service = z.strictObject({
  id: z.string().min(1),
  service: z.string().min(1),
  /** Pins the status; without it the status follows the tenant's open issues. */
  status: healthStatus.optional(),
});

const tenant = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9_-]+$/, 'use letters, digits, - and _'),
    id: z.string().min(1).optional(),
    displayName: z.string().min(1).optional(),
    clientId: z.string().min(1).optional(),
    clientSecret: z.string().min(1).optional(),
    /** An X.509 certificate (PEM) registered with the app: client assertions signed by its key are taken. */
    certificate: z.string().min(1).optional(),
    services: z.array(service).min(1).optional(),
  })
  .transform((t) => ({
    name: t.name,
    id: t.id ?? stableGuid('tenant', t.name),
    displayName: t.displayName ?? t.name,
    clientId: t.clientId ?? stableGuid('client', t.name),
    clientSecret: t.clientSecret ?? stableSecret('secret', t.name),
    certificate: t.certificate,
    services: t.services,
  }));

const issueUpdate = z.strictObject({
  at: offset,
  status: healthStatus.optional(),
  title: z.string().min(1).optional(),
  impactDescription: z.string().optional(),
  feature: z.string().optional(),
  featureGroup: z.string().optional(),
  classification: classification.optional(),
  /** Defaults to true once the status is a closing one (serviceRestored, postIncidentReviewPublished, …). */
  isResolved: z.boolean().optional(),
  /** Defaults to this update's time when it resolves the issue. */
  endDateTime: offset.nullable().optional(),
  post: text.optional(),
  postType: z.enum(POST_TYPES).default('regular'),
  /** The post-incident review served by `incidentReport` once the status is postIncidentReviewPublished. */
  incidentReport: text.optional(),
  /** The document `incidentReport` serves the review as (see INCIDENT_REPORT_FORMATS); Word by default. */
  incidentReportFormat: z.enum(INCIDENT_REPORT_FORMATS).optional(),
});

const issue = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9]+$/, 'use letters and digits, such as EX1201458'),
    /** Tenants whose Graph lists the issue; all of them when left out. */
    tenants: tenantNames.optional(),
    service: z.string().min(1),
    title: z.string().min(1),
    impactDescription: z.string().default(''),
    feature: z.string().default(''),
    featureGroup: z.string().default(''),
    classification: classification.default('incident'),
    origin: anyCase(ISSUE_ORIGINS, 'origin').default('microsoft'),
    startDateTime: offset,
    /** An estimate while the issue is open; Graph shows it even then. */
    endDateTime: offset.nullable().default(null),
    details: z.array(nameValue).default([]),
    /** The issue appears at its first update; each update changes fields and may add a post. */
    updates: z.array(issueUpdate).min(1),
  })
  .transform((i) => ({ ...i, updates: [...i.updates].sort((a, b) => a.at - b.at) }))
  .superRefine((i, ctx) => {
    if (i.updates[0]?.status === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['updates', 0, 'status'],
        message: 'the first update needs a status',
      });
    }
  });

const messageUpdate = z.strictObject({
  at: offset,
  title: z.string().min(1).optional(),
  body: text.optional(),
  tags: z.array(z.string()).optional(),
  severity: anyCase(MESSAGE_SEVERITIES, 'severity').optional(),
  endDateTime: offset.optional(),
  actionRequiredByDateTime: offset.nullable().optional(),
});

const message = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9]+$/, 'use letters and digits, such as MC1180442'),
    tenants: tenantNames.optional(),
    /** When the message appears in the message center. */
    at: offset,
    title: z.string().min(1),
    category: anyCase(MESSAGE_CATEGORIES, 'category'),
    severity: anyCase(MESSAGE_SEVERITIES, 'severity').default('normal'),
    tags: z.array(z.string()).default([]),
    isMajorChange: z.boolean().default(false),
    services: z.array(z.string()).default([]),
    body: text,
    startDateTime: offset.optional(),
    endDateTime: offset,
    actionRequiredByDateTime: offset.nullable().default(null),
    expiryDateTime: offset.nullable().default(null),
    hasAttachments: z.boolean().default(false),
    details: z.array(nameValue).default([]),
    updates: z.array(messageUpdate).default([]),
  })
  .transform((m) => ({
    ...m,
    startDateTime: m.startDateTime ?? m.at,
    updates: [...m.updates].sort((a, b) => a.at - b.at),
  }));

const statusPost = z.strictObject({
  at: offset,
  /** Defaults to an id derived from the post's place; keep one id to show an edited post. */
  id: z.string().min(1).optional(),
  /** null is the site's `0001-01-01T00:00:00+00:00`; defaults to `at`. */
  authoredAt: offset.nullable().optional(),
  title: z.string().default(''),
  message: text,
  /** As the site writes it: Available, Service degradation, ServiceRestored, … */
  status: z.string().min(1),
});

const consumerWorkload = z.strictObject({
  serviceDisplayName: z.string().min(1),
  serviceWorkloadName: z.string().min(1),
  posts: z.array(statusPost).default([]),
});

const tweet = z.strictObject({
  at: offset,
  text,
  /** Replies and reposts are noise a client must exclude. */
  kind: z.enum(TWEET_KINDS).default('post'),
  inReplyToUserId: z.string().regex(/^\d+$/, 'expected a numeric user id').optional(),
});

const rateLimit = z.strictObject({
  limit: z.number().int().positive(),
  windowSeconds: z.number().int().positive(),
});

const fault = z
  .strictObject({
    channel: z.enum(CHANNELS),
    kind: z.enum(FAULT_KINDS),
    from: offset,
    /** Until the end of the scenario when left out. */
    for: duration.optional(),
    /** Graph only: the tenants hit; all of them when left out. */
    tenants: tenantNames.optional(),
    /** Named endpoints of the channel; every data endpoint when left out (Graph's token endpoint only by name). */
    endpoints: z.array(z.string()).min(1).optional(),
    /** serverError: the status code. */
    status: z.number().int().min(500).max(599).optional(),
    /** slow: how long each answer waits, in real milliseconds. */
    delayMs: z.number().int().positive().optional(),
    /** throttled, Graph only: the Retry-After seconds; defaults to the time left in the fault. */
    retryAfter: z.number().int().positive().optional(),
    /** Hit only every n-th matching request (1: all of them). */
    every: z.number().int().positive().default(1),
  })
  .superRefine((f, ctx) => {
    const problem = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    const known: readonly string[] = ENDPOINTS[f.channel];
    f.endpoints?.forEach((endpoint, index) => {
      if (!known.includes(endpoint)) {
        ctx.addIssue({
          code: 'custom',
          path: ['endpoints', index],
          message: `${f.channel} has no endpoint ${JSON.stringify(endpoint)}; expected one of ${known.join(', ')}`,
        });
      }
    });
    if (f.tenants && f.channel !== 'graph') problem('tenants', 'only Graph faults can name tenants');
    if (f.status !== undefined && f.kind !== 'serverError')
      problem('status', 'only a serverError fault has a status');
    if (f.delayMs !== undefined && f.kind !== 'slow') problem('delayMs', 'only a slow fault has delayMs');
    if (f.retryAfter !== undefined && (f.kind !== 'throttled' || f.channel !== 'graph')) {
      problem('retryAfter', 'only a throttled Graph fault has retryAfter (X and the status site send none)');
    }
    if (f.channel === 'statusSite' && (CREDENTIAL_FAULTS as readonly string[]).includes(f.kind)) {
      problem('kind', 'the status site takes no credentials');
    }
  })
  .transform((f) => ({ ...f, until: f.for === undefined ? Infinity : f.from + f.for }));

const scenarioShape = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  /** The wall-clock time of offset 0; the moment the simulator starts when left out. */
  startsAt: z.iso.datetime({ offset: true }).optional(),
  /** The length of the story (a loop restarts after it); the last event plus a minute when left out. */
  duration: duration.optional(),
  tenants: z.array(tenant).default([]),
  graph: z
    .strictObject({
      tokenLifetimeSeconds: z.number().int().positive().default(3599),
      throttle: z
        .strictObject({
          perMinute: z.number().int().positive().default(240),
          perHour: z.number().int().positive().default(800),
        })
        .prefault({}),
      /** Resolved issues older than this disappear, as in the admin center. */
      retentionDays: z.number().positive().default(30),
      /** Services of a tenant that lists none of its own. */
      services: z.array(service).min(1).default(DEFAULT_SERVICES),
      issues: z.array(issue).default([]),
      messages: z.array(message).default([]),
    })
    .prefault({}),
  statusSite: z
    .strictObject({
      /** How often the backend refreshes `InternalDateTime`. */
      refreshSeconds: z.number().int().positive().default(600),
      posts: z
        .strictObject({
          mac: z.array(statusPost).default([]),
          ppac: z.array(statusPost).default([]),
          azure: z.array(statusPost).default([]),
        })
        .prefault({}),
      m365Consumer: z.array(consumerWorkload).min(1).optional(),
    })
    .prefault({}),
  x: z
    .strictObject({
      bearerToken: z.string().min(1).optional(),
      user: z
        .strictObject({ id: z.string().regex(/^\d+$/), name: z.string().min(1), username: z.string().min(1) })
        .default(DEFAULT_X_USER),
      /** Per endpoint, per fixed window, as X counts. */
      rateLimit: rateLimit.default({ limit: 900, windowSeconds: 900 }),
      tweets: z.array(tweet).default([]),
    })
    .prefault({}),
  faults: z.array(fault).default([]),
});

export const scenarioSchema = scenarioShape.superRefine(checkReferences).transform((s) => ({
  ...s,
  startsAtMs: s.startsAt === undefined ? undefined : Date.parse(s.startsAt),
  tenants: s.tenants.map((t) => ({ ...t, services: t.services ?? s.graph.services })),
  statusSite: {
    ...s.statusSite,
    m365Consumer: s.statusSite.m365Consumer ?? DEFAULT_CONSUMER_WORKLOADS.map((w) => ({ ...w, posts: [] })),
  },
  x: {
    ...s.x,
    bearerToken: s.x.bearerToken ?? `AAAAAAAAAAAAAAAAAAAAA${stableSecret('x', s.name)}`,
    tweets: s.x.tweets
      .map((t) => ({ ...t, inReplyToUserId: t.inReplyToUserId ?? DEFAULT_REPLY_TO_USER_ID }))
      .sort((a, b) => a.at - b.at),
  },
}));

type Parsed = z.output<typeof scenarioShape>;

/** Names must point somewhere and ids must be unique: mistakes a shape check cannot see. */
function checkReferences(s: Parsed, ctx: z.RefinementCtx): void {
  const tenantNamesKnown = new Set(s.tenants.map((t) => t.name));
  const unique = (values: string[], path: (index: number) => (string | number)[], what: string) => {
    values.forEach((value, index) => {
      if (values.indexOf(value) !== index) {
        ctx.addIssue({ code: 'custom', path: path(index), message: `${what} ${value} is listed twice` });
      }
    });
  };
  const known = (names: string[] | undefined, path: (string | number)[]) => {
    names?.forEach((name, index) => {
      if (!tenantNamesKnown.has(name)) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, index],
          message: `no tenant is named ${name}; tenants are ${[...tenantNamesKnown].join(', ') || 'none'}`,
        });
      }
    });
  };
  unique(
    s.tenants.map((t) => t.name),
    (i) => ['tenants', i, 'name'],
    'tenant',
  );
  unique(
    s.tenants.map((t) => t.id.toLowerCase()),
    (i) => ['tenants', i, 'id'],
    'tenant id',
  );
  unique(
    s.graph.issues.map((i) => i.id),
    (i) => ['graph', 'issues', i, 'id'],
    'issue',
  );
  unique(
    s.graph.messages.map((m) => m.id),
    (i) => ['graph', 'messages', i, 'id'],
    'message',
  );
  s.graph.issues.forEach((i, index) => known(i.tenants, ['graph', 'issues', index, 'tenants']));
  s.graph.messages.forEach((m, index) => known(m.tenants, ['graph', 'messages', index, 'tenants']));
  s.faults.forEach((f, index) => known(f.tenants, ['faults', index, 'tenants']));
}

/** What a scenario file holds (offsets may be strings, defaults may be left out). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A validated scenario: offsets in seconds, defaults filled in. */
export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioTenant = Scenario['tenants'][number];
export type ScenarioIssue = Scenario['graph']['issues'][number];
export type ScenarioMessage = Scenario['graph']['messages'][number];
export type ScenarioStatusPost = Scenario['statusSite']['posts']['mac'][number];
export type ScenarioTweet = Scenario['x']['tweets'][number];
export type ScenarioFault = Scenario['faults'][number];
