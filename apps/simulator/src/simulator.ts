import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { isIPv6, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { beaconEnvironment, tenantsFileContent, type BeaconEnv, type SimulatorUrls } from './beacon-env.js';
import { controlRoutes } from './control/control.routes.js';
import { FaultSchedule } from './faults/fault-schedule.js';
import { createCertificate } from './graph/certificate.js';
import { buildGraphServer } from './graph/graph.server.js';
import { Receivers } from './receivers/receivers.js';
import { loadScenario, validateScenario } from './scenario/scenario.loader.js';
import type { Scenario, ScenarioInput } from './scenario/scenario.schema.js';
import { buildStatusSiteServer } from './status-site/status-site.server.js';
import { SimClock } from './timeline/sim-clock.js';
import { Timeline } from './timeline/timeline.js';
import { buildXServer } from './x/x.server.js';

export interface SimulatorOptions {
  /** A shipped scenario's name, a YAML file's path, or a scenario object (validated like a file). */
  scenario: string | ScenarioInput;
  /** Where all three servers listen; 127.0.0.1 by default. */
  host?: string;
  /** 0 (the default) picks a free port. */
  ports?: { graph?: number; statusSite?: number; x?: number; receivers?: number; smtp?: number };
  /** The wall-clock time of offset 0; else the scenario's `startsAt`, else now. */
  startsAt?: Date;
  /** Restart the story after its duration (demos). */
  loop?: boolean;
  /** 'manual' (the default) stands still until stepped; 'realtime' runs at `speed`. */
  clock?: 'manual' | 'realtime';
  speed?: number;
  /** Where the certificate and the tenants file go; a fresh temporary folder, removed on stop, by default. */
  workDir?: string;
  /** Request logs; none by default. */
  logger?: Logger;
}

export interface RunningSimulator {
  scenario: Scenario;
  urls: SimulatorUrls;
  /** The PEM file that NODE_EXTRA_CA_CERTS must name for a client to trust Graph's origin. */
  caCertPath: string;
  caCert: string;
  tenantsFilePath: string;
  beaconEnv: BeaconEnv;
  /** The story's controls: `step()`, `advanceTo(s)`, `advanceBy(s)`, `goToStep(i)`, `run(speed)`, `pause()`, `state()`. */
  timeline: Timeline;
  /** Where notifications land (Teams, Slack, webhooks over HTTP; e-mail over SMTP): what came, failures on demand. */
  receivers: Receivers;
  stop(): Promise<void>;
}

/**
 * Starts Graph (https), the status site, X API v2 and the notification receivers (HTTP and SMTP) in this
 * process, each on its own port.
 */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const scenario =
    typeof options.scenario === 'string'
      ? await loadScenario(options.scenario)
      : validateScenario(options.scenario);
  const host = options.host ?? '127.0.0.1';
  const startsAtMs =
    options.startsAt?.getTime() ?? scenario.startsAtMs ?? Math.floor(Date.now() / 1000) * 1000;
  const timeline = new Timeline(scenario, new SimClock(startsAtMs), options.loop ?? false);
  if (options.clock === 'realtime') timeline.run(options.speed ?? 1);
  const faults = new FaultSchedule(scenario.faults);

  const workDir = options.workDir ?? (await mkdtemp(path.join(tmpdir(), 'beacon-simulator-')));
  const certificate = await createCertificate([reachableHost(host)]);
  const caCertPath = path.join(workDir, 'graph-ca.pem');
  const tenantsFilePath = path.join(workDir, 'tenants.json');
  await writeFile(caCertPath, certificate.cert);
  await writeFile(tenantsFilePath, tenantsFileContent(scenario), { mode: 0o600 });

  const logger = options.logger;
  const graph = buildGraphServer({ scenario, timeline, faults, certificate, logger });
  const receivers = new Receivers(undefined, logger);
  const statusSite = buildStatusSiteServer({ scenario, timeline, faults, logger });
  statusSite.register(async (scope) => controlRoutes(scope, { timeline, faults, receivers }), {
    prefix: '/_simulator',
  });
  const x = buildXServer({ scenario, timeline, faults, logger });
  const closeServers = [graph, statusSite, x].map(closedAtOnce);

  const stop = async () => {
    timeline.pause();
    await Promise.all([...closeServers.map((close) => close()), receivers.close()]);
    if (options.workDir === undefined) await rm(workDir, { recursive: true, force: true });
  };

  let urls: SimulatorUrls;
  try {
    const [graphUrl, statusSiteUrl, xUrl, receiversUrl, smtpPort] = await Promise.all([
      listen(graph, 'https', host, options.ports?.graph),
      listen(statusSite, 'http', host, options.ports?.statusSite),
      listen(x, 'http', host, options.ports?.x),
      listen(receivers.http, 'http', host, options.ports?.receivers),
      receivers.listenSmtp(host, options.ports?.smtp),
    ]);
    const smtpHost = reachableHost(host);
    urls = {
      graph: graphUrl,
      statusSite: statusSiteUrl,
      x: xUrl,
      control: `${statusSiteUrl}/_simulator`,
      receivers: receiversUrl,
      smtp: { host: smtpHost, port: smtpPort },
    };
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    scenario,
    urls,
    caCertPath,
    caCert: certificate.cert,
    tenantsFilePath,
    beaconEnv: beaconEnvironment(scenario, urls, { caCertPath, tenantsFilePath }),
    timeline,
    receivers,
    stop,
  };
}

/**
 * How to stop a server at once, cutting off every connection it accepted. Fastify's `forceCloseConnections`
 * cuts off the HTTP connections, not a TLS connection still in its handshake, and closing waited for that
 * one: Graph's, when a client stopped as it connected (the demo after losing its database, mid-poll),
 * until the client's process exited.
 */
function closedAtOnce(server: FastifyInstance): () => Promise<void> {
  const sockets = new Set<Socket>();
  server.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return async () => {
    const closed = server.close();
    for (const socket of sockets) socket.destroy();
    await closed;
  };
}

async function listen(
  server: FastifyInstance,
  scheme: 'http' | 'https',
  host: string,
  port = 0,
): Promise<string> {
  await server.listen({ host, port });
  const address = server.server.address();
  if (address === null || typeof address === 'string')
    throw new Error(`unexpected address ${String(address)}`);
  const reachable = reachableHost(host);
  return `${scheme}://${isIPv6(reachable) ? `[${reachable}]` : reachable}:${address.port}`;
}

/** A wildcard address is reached on loopback, which is also what the certificate must name. */
function reachableHost(host: string): string {
  return host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
}
