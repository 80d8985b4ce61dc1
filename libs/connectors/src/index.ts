export type { Connector, Cursor, PollRequest, PollResult } from './connector.js';
export { CONNECTOR_ERROR_KINDS, ConnectorError, type ConnectorErrorKind } from './connector.error.js';
