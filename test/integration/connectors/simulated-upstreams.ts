import { loadConfig, type BeaconConfig } from '#config';
import {
  ConnectorError,
  GraphPacerRegistry,
  createConnectors,
  systemClock,
  type Clock,
  type Connector,
  type CreateConnectorsOptions,
  type PollResult,
} from '#connectors';
import type { ScenarioInput } from '../../../apps/simulator/src/index.js';
import { startTestSimulator, type TestSimulator } from '#testing';

/** The simulator playing `scenario`, and Beacon's connectors configured from the environment it gives. */
export interface SimulatedUpstreams {
  simulator: TestSimulator;
  config: BeaconConfig;
  /** Fresh connectors (no cached token, user id or rate limit), as after a restart. */
  connectors(options?: CreateConnectorsOptions): Connector[];
  /** The story's time, for connectors that must read the upstreams' timestamps (X's rate-limit resets). */
  clock: Clock;
  /** Moves the story to `seconds` from its start. */
  at(seconds: number): void;
  stop(): Promise<void>;
}

export async function simulateUpstreams(scenario: ScenarioInput): Promise<SimulatedUpstreams> {
  const simulator = await startTestSimulator(scenario);
  const config = loadConfig({ ...simulator.env, DATA_DIR: '/nonexistent-unused' });
  const clock: Clock = {
    now: () => {
      const { offset, originMs } = simulator.timeline.moment();
      return originMs + offset * 1000;
    },
    sleep: systemClock.sleep,
  };
  return {
    simulator,
    config,
    clock,
    // A fresh pacer registry per set, so that one test's spent budget is not the next one's.
    connectors: (options = {}) =>
      createConnectors(config, {
        requestTimeoutMs: 2_000,
        graphPacers: new GraphPacerRegistry(),
        ...options,
      }),
    at: (seconds) => simulator.timeline.advanceTo(seconds),
    stop: () => simulator.stop(),
  };
}

export function only<C extends Connector>(
  connectors: Connector[],
  channel: C['channel'],
  tenantId?: string,
): Connector {
  const found = connectors.find(
    (connector) =>
      connector.channel === channel && (tenantId === undefined || connector.tenantId === tenantId),
  );
  if (!found) throw new Error(`no ${channel} connector${tenantId ? ` for ${tenantId}` : ''}`);
  return found;
}

export function poll(connector: Connector, cursor: PollResult['cursor'] = null): Promise<PollResult> {
  return connector.poll({ cursor, signal: AbortSignal.timeout(20_000) });
}

/** The ConnectorError a poll fails with (fails the test if it succeeds or throws something else). */
export async function pollFailure(
  connector: Connector,
  cursor: PollResult['cursor'] = null,
): Promise<ConnectorError> {
  const outcome = await poll(connector, cursor).then(
    () => new Error('the poll succeeded'),
    (error: unknown) => error,
  );
  if (!(outcome instanceof ConnectorError)) throw outcome;
  return outcome;
}
