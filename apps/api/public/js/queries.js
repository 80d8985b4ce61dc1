// The GraphQL documents the page sends: /work/shared/contract/api.graphql is the reference.

const SERVICE_FIELDS = `
  id
  name
  status { level status channel observedAt stale }
  activeIncidents { id title level provisional }
`;

const INCIDENT_FIELDS = `
  id
  aliases
  title
  serviceName
  service { id name }
  feature
  featureGroup
  classification
  status
  level
  isResolved
  impactDescription
  startedAt
  endedAt
  firstSeenAt
  lastUpdatedAt
  provisional
  sightings { channel firstSeenAt lastSeenAt }
  updates { id channel postedAt text kind }
  postIncidentReportAvailable
`;

/** An incident's post-incident review as the page shows it (incident-report.js); the full text stays out. */
const REVIEW_FIELDS = `
  postIncidentReview {
    issueId publishedAt url mediaType size parsed parseError
    userImpact scopeOfImpact startEndTime rootCause actionsTaken nextSteps
  }
`;

const SOURCE_FIELDS = `
  channel
  tenantId
  state
  lastAttemptAt
  lastSuccessAt
  consecutiveFailures
  lastError
  nextAttemptAt
`;

/** How many active incidents the dashboard shows; more than that is rare and the history lists them all. */
export const ACTIVE_INCIDENTS_SHOWN = 50;
export const HISTORY_PAGE_SIZE = 20;

export const DASHBOARD = `
  query StatusPageDashboard($tenantId: ID, $active: IncidentFilter) {
    overview(tenantId: $tenantId) {
      degradedMode
      adminCenterReachable
      worstLevel
      activeIncidentCount
    }
    services(tenantId: $tenantId) { ${SERVICE_FIELDS} }
    incidents(filter: $active, first: ${ACTIVE_INCIDENTS_SHOWN}) {
      totalCount
      edges { node { ${INCIDENT_FIELDS} } }
    }
    sources { ${SOURCE_FIELDS} }
  }
`;

export const HISTORY = `
  query StatusPageHistory($filter: IncidentFilter, $first: Int, $after: String) {
    incidents(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id
          aliases
          title
          serviceName
          service { id name }
          classification
          status
          level
          isResolved
          startedAt
          endedAt
          lastUpdatedAt
          provisional
          sightings { channel }
        }
      }
    }
  }
`;

export const INCIDENT = `
  query StatusPageIncident($id: ID!, $tenantId: ID) {
    incident(id: $id, tenantId: $tenantId) { ${INCIDENT_FIELDS} ${REVIEW_FIELDS} }
  }
`;

export const SERVICE_STATUS_CHANGED = `
  subscription StatusPageServiceStatusChanged($tenantId: ID) {
    serviceStatusChanged(tenantId: $tenantId) { ${SERVICE_FIELDS} }
  }
`;

export const INCIDENT_UPDATED = `
  subscription StatusPageIncidentUpdated($tenantId: ID) {
    incidentUpdated(tenantId: $tenantId) { ${INCIDENT_FIELDS} }
  }
`;
