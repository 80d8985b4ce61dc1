export { pollResult, ScriptedConnector } from './scripted.connector.js';
export {
  graphHealthOverviewSignal,
  graphIssueSignal,
  statusSiteFeedItemSignal,
  statusSitePostSignal,
  xPostSignal,
  type GraphIssueInput,
} from './signal.factory.js';
export { createEmptyTestDatabase, createTestDatabase, type TestDatabase } from './test-database.js';
export { derivedState } from './derived-state.js';
export { startTestSimulator, type TestSimulator, type TestSimulatorOptions } from './start-simulator.js';
export { freePort } from './free-port.js';
export { startIngestionTestModule } from './ingestion-test-module.js';
export { correlateAll } from './correlate-all.js';
export { startCorrelationTestModule } from './correlation-test-module.js';
export { launchChromium, signIn, watchedPage } from './browser.js';
export { until } from './until.js';
