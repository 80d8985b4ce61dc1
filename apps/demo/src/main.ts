import 'reflect-metadata';
import { type BeaconConfig, ConfigError, loadConfig } from '#config';
import { createLogger, startBeacon, stopInOrder } from '#runtime';
import tls from 'node:tls';
import { ApiModule } from '../../api/src/api.module.js';
import { IngestorModule } from '../../ingestor/src/ingestor.module.js';
import { startSimulator } from '../../simulator/src/index.js';

/**
 * `npm run demo`: the simulator playing `admin-center-outage` in a loop, and Beacon (embedded database,
 * API, pollers, status page) configured against it, in one process; Ctrl-C stops everything.
 */
const SCENARIO = process.env.DEMO_SCENARIO ?? 'admin-center-outage';
const SPEED = Number(process.env.DEMO_SPEED ?? 2);

const simulator = await startSimulator({
  scenario: SCENARIO,
  loop: true,
  clock: 'realtime',
  speed: SPEED,
  ports: { graph: 0, statusSite: 0, x: 0 },
});
// NODE_EXTRA_CA_CERTS is only read at process start: trust the simulator's Graph certificate directly.
tls.setDefaultCACertificates([...tls.getCACertificates('default'), simulator.caCert]);

let config: BeaconConfig;
try {
  config = loadConfig({
    DATA_DIR: '.data/demo',
    GRAPH_POLL_SECONDS: '5',
    STATUS_SITE_POLL_SECONDS: '5',
    X_POLL_SECONDS: '5',
    ...process.env,
    ...simulator.beaconEnv,
  });
} catch (error) {
  await simulator.stop();
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`demo: ${error.message}\n`);
  process.exit(78);
}

const logger = createLogger(config, 'beacon-demo');

async function start() {
  const beacon = await startBeacon({ config, logger, features: [ApiModule, IngestorModule] });
  // Last, after every start-up line, so that it is what the terminal shows.
  process.stdout.write(`
  Beacon demo: ${SCENARIO} at ${SPEED}× speed, looping (${simulator.timeline.duration} s a story)

  Status page       ${beacon.url}/
  GraphQL           ${beacon.url}/graphql   (GraphiQL: ${beacon.url}/graphiql)
  Metrics           ${beacon.url}/metrics
  Simulator state   ${simulator.urls.control}/state

  Ctrl-C stops everything.

`);
  return {
    databaseLost: beacon.databaseLost,
    close: async () => {
      await beacon.close();
      await simulator.stop();
    },
  };
}

stopInOrder(
  logger,
  start().catch(async (error: unknown) => {
    await simulator.stop();
    throw error;
  }),
);
