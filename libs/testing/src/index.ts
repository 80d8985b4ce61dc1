export { pollResult, ScriptedConnector, xPostSignal } from './scripted.connector.js';
export { createEmptyTestDatabase, createTestDatabase, type TestDatabase } from './test-database.js';
