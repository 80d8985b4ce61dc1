export { adminCenterReachable, namesTheAdminCenter } from './admin-center.js';
export { nextUpdateByOf, parseAnnouncedTime } from './announced-time.js';
export { CHANGES_CHANNEL, type ChangeNotice } from './change-notice.js';
export { CHANNELS, type Channel } from './channel.js';
export {
  effectiveServiceStatus,
  type EffectiveServiceStatus,
  type ServiceEvidence,
} from './effective-service-status.js';
export { isGraphFresh } from './graph-freshness.js';
export { GRAPH_POST_SECTIONS, parseGraphPost, type GraphPost, type GraphPostSection } from './graph-post.js';
export { HEALTH_LEVELS, type HealthLevel } from './health-level.js';
export {
  INCIDENT_CLASSIFICATIONS,
  classificationOf,
  type IncidentClassification,
} from './incident-classification.js';
export { INCIDENT_ID_PREFIXES, serviceOfIncidentId } from './incident-id-prefix.js';
export { extractIncidentIds, isIncidentId } from './incident-ids.js';
export { KNOWN_SERVICES, type M365Service } from './m365-service.js';
export { isoDateTimeSchema, payloadDateTime } from './payloads/date-time.schema.js';
export {
  graphHealthOverviewPayload,
  graphIssuePayload,
  graphMessagePayload,
  type GraphHealthOverview,
  type GraphIssue,
  type GraphIssuePayload,
  type GraphMessage,
  type GraphMessagePayload,
} from './payloads/graph.payload.js';
export {
  statusSiteConsumerPostPayload,
  statusSiteFeedItemPayload,
  statusSitePostPayload,
  type StatusSiteConsumerPost,
  type StatusSiteFeedItem,
  type StatusSitePost,
} from './payloads/status-site.payload.js';
export { xPostPayload, type XPost, type XPostPayload } from './payloads/x.payload.js';
export { postTextFromHtml } from './post-text.js';
export {
  incidentForPostWithoutId,
  POST_JOIN_WINDOW_MS,
  type OpenIncidentCandidate,
} from './post-without-id.js';
export {
  graphIssueForProvisional,
  PROVISIONAL_MATCH_WINDOW_MS,
  type GraphIssueCandidate,
  type ProvisionalIncident,
} from './provisional-merge.js';
export { SIGNAL_KINDS, STATE_SIGNAL_KINDS, type RawSignal, type SignalKind } from './raw-signal.js';
export { SERVICE_NAMES, servicesNamedIn } from './service-names.js';
export { SOURCE_STATES, type SourceState } from './source-state.js';
export { nextSourceState, type AttemptOutcome } from './source-health.js';
export {
  GRAPH_SERVICE_HEALTH_STATUSES,
  HEALTH_LEVEL_WORDS,
  STATUS_SITE_GRAPH_STATUS,
  STATUS_SITE_WORDS,
  healthLevelOf,
  isResolvedStatus,
  normaliseStatusSiteWord,
  toGraphStatus,
  type GraphServiceHealthStatus,
  type StatusSiteWord,
} from './status-word.js';
export {
  incidentVisible,
  readsTenant,
  tenantRecordVisible,
  type ReaderTenants,
} from './tenant-visibility.js';
export { isXPostNoise, type XTweet } from './x-post-noise.js';
export { X_OPENERS, X_POST_RULES, isXPostOpener, readXPost, type XPostReading } from './x-post.js';
