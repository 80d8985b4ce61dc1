import tls from 'node:tls';
import {
  startSimulator,
  type BeaconEnv,
  type Receivers,
  type RunningSimulator,
  type ScenarioInput,
  type Timeline,
} from '../../../apps/simulator/src/index.js';

export interface TestSimulatorOptions {
  /** The wall-clock time of the story's start (default: the scenario's `startsAt`, else now). */
  startsAt?: Date;
  loop?: boolean;
  /** 'manual' (default): time moves only when the test moves it; 'realtime' runs at `speed`. */
  clock?: 'manual' | 'realtime';
  speed?: number;
}

export interface TestSimulator {
  /** Beacon's environment variables (GRAPH_BASE_URL, TENANTS_FILE or GRAPH_*, STATUS_SITE_URL, X_*, …). */
  env: BeaconEnv;
  /** The story's controls: `step()`, `advanceTo(seconds)`, `advanceBy(seconds)`, `goToStep(i)`, `state()`. */
  timeline: Timeline;
  /**
   * Where notifications land: `inbox` (every request, in order, per target; duplicates counted), `slack`
   * (channels as they look now), `faults` (fail on demand); URLs in `simulator.urls.receivers` and `.smtp`.
   */
  receivers: Receivers;
  /** Everything else: urls, the validated scenario (tenant ids and secrets), the certificate. */
  simulator: RunningSimulator;
  stop(): Promise<void>;
}

/**
 * Starts the simulator in this process on free loopback ports, for one test file: Graph, the status
 * site and X API v2 playing `scenario` (a shipped scenario's name, a YAML path, or an object), and the
 * notification receivers (HTTP and SMTP).
 *
 * NODE_EXTRA_CA_CERTS is read only when a process starts, so the simulator's certificate is also trusted
 * in this process until `stop()`: Beacon running in the test reaches Graph's https origin as is.
 */
export async function startTestSimulator(
  scenario: string | ScenarioInput,
  options: TestSimulatorOptions = {},
): Promise<TestSimulator> {
  const simulator = await startSimulator({ scenario, host: '127.0.0.1', ...options });
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), simulator.caCert]);
  return {
    env: simulator.beaconEnv,
    timeline: simulator.timeline,
    receivers: simulator.receivers,
    simulator,
    stop: async () => {
      // Node hands certificates back re-encoded, so they are compared without their final line break.
      const ours = simulator.caCert.trim();
      tls.setDefaultCACertificates(tls.getCACertificates('default').filter((cert) => cert.trim() !== ours));
      await simulator.stop();
    },
  };
}
