export type { Connector, Cursor, PollRequest, PollResult } from './connector.js';
export {
  CONNECTOR_ERROR_KINDS,
  ConnectorError,
  type ConnectorErrorKind,
  type FailedPollStats,
} from './connector.error.js';
export type { ConnectorOptions } from './connector.options.js';
export {
  createConnectors,
  graphConnectorFactory,
  type CreateConnectorsOptions,
} from './connectors.factory.js';

export { systemClock, type Clock } from './shared/clock.js';
export { canonicalJson, contentHash } from './shared/content-hash.util.js';
export { RequestPacer, type RateWindow } from './shared/request.pacer.js';

export {
  GRAPH_REQUEST_BUDGET,
  GraphPacerRegistry,
  type GraphPacer,
  type RequestBudget,
} from './graph/graph-request.pacer.js';
export { GraphServiceHealthConnector } from './graph/graph.connector.js';
export type { GraphCursor } from './graph/graph.cursor.js';

export { STATUS_SITE_FEEDS, StatusSiteConnector } from './status-site/status-site.connector.js';

export { XPostsConnector } from './x/x.connector.js';
export type { XCursor } from './x/x.cursor.js';
