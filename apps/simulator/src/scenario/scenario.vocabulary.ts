/** Words a scenario may use, taken from upstreams.md: the simulator speaks them, it does not interpret them. */

export const HEALTH_STATUSES = [
  'serviceOperational',
  'investigating',
  'restoringService',
  'verifyingService',
  'serviceRestored',
  'postIncidentReviewPublished',
  'serviceDegradation',
  'serviceInterruption',
  'extendedRecovery',
  'falsePositive',
  'investigationSuspended',
  'resolved',
  'mitigatedExternal',
  'mitigated',
  'resolvedExternal',
  'confirmed',
  'reported',
  'unknownFutureValue',
] as const;

export const ISSUE_CLASSIFICATIONS = ['advisory', 'incident', 'unknownFutureValue'] as const;
export const ISSUE_ORIGINS = ['microsoft', 'thirdParty', 'customer', 'unknownFutureValue'] as const;
export const POST_TYPES = ['regular', 'quick', 'strategic', 'unknownFutureValue'] as const;
export const MESSAGE_CATEGORIES = [
  'preventOrFixIssue',
  'planForChange',
  'stayInformed',
  'unknownFutureValue',
] as const;
export const MESSAGE_SEVERITIES = ['normal', 'high', 'critical', 'unknownFutureValue'] as const;
/** How a post-incident review is served: Word and PDF as Microsoft publishes them, plain text, or damaged. */
export const INCIDENT_REPORT_FORMATS = ['docx', 'pdf', 'text', 'unreadable'] as const;
export type IncidentReportFormat = (typeof INCIDENT_REPORT_FORMATS)[number];

export const STATUS_SITE_POSTS = ['mac', 'ppac', 'azure'] as const;
export type StatusSitePostName = (typeof STATUS_SITE_POSTS)[number];

export const TWEET_KINDS = ['post', 'reply', 'repost'] as const;

export const CHANNELS = ['graph', 'statusSite', 'x'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Named endpoints per channel, so that a fault can hit some of them. */
export const ENDPOINTS = {
  graph: ['token', 'healthOverviews', 'issues', 'incidentReport', 'messages'],
  statusSite: ['feed/mac', 'feed/ppac', 'posts/mac', 'posts/ppac', 'posts/azure', 'posts/m365Consumer'],
  x: ['userLookup', 'userTimeline'],
} as const satisfies Record<Channel, readonly string[]>;
export type Endpoint = (typeof ENDPOINTS)[Channel][number];

/** Faults that break the exchange itself: the answer is wrong, late, cut or missing. */
export const TRANSPORT_FAULTS = [
  'serverError',
  'throttled',
  'timeout',
  'slow',
  'truncated',
  'malformed',
  'htmlShell',
] as const;
/** Faults that the credential checks answer: the exchange works, the caller is refused. */
export const CREDENTIAL_FAULTS = ['expiredCredentials', 'revokedCredentials', 'forbidden'] as const;
export const FAULT_KINDS = [...TRANSPORT_FAULTS, ...CREDENTIAL_FAULTS] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type TransportFaultKind = (typeof TRANSPORT_FAULTS)[number];
export type CredentialFaultKind = (typeof CREDENTIAL_FAULTS)[number];
