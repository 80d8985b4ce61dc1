/** The simulator's public API, for tests and tools; Beacon's own code never imports it. */
export { startSimulator, type RunningSimulator, type SimulatorOptions } from './simulator.js';
export type { BeaconEnv, SimulatorUrls } from './beacon-env.js';
export type { Timeline, TimelineState } from './timeline/timeline.js';
export type { TimelineStep } from './timeline/scenario-steps.js';
export type { Moment } from './timeline/moment.js';
export type { Scenario, ScenarioInput } from './scenario/scenario.schema.js';
export { ScenarioError } from './scenario/scenario.error.js';
export {
  loadScenario,
  parseScenario,
  shippedScenarioNames,
  validateScenario,
} from './scenario/scenario.loader.js';
export { generateHistory, type HistoryOptions } from './scenario/history.generator.js';
export { Receivers, SIMULATOR_SLACK_BOT_TOKEN } from './receivers/receivers.js';
export type { ReceivedRequest, ReceiverKind } from './receivers/inbox.js';
export type { ReceivedEmail } from './receivers/smtp-receiver.js';
export type { SlackMessage } from './receivers/slack-workspace.js';
export type { ReceiverFault, ReceiverFaultInput } from './receivers/receiver-faults.js';
