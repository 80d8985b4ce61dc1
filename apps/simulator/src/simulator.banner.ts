import { shellExports } from './beacon-env.js';
import type { RunningSimulator } from './simulator.js';

/** What the CLI prints once the servers listen: where everything is and how to point Beacon at it. */
export function simulatorBanner(simulator: RunningSimulator, tenantsFile: string): string {
  const { scenario, urls, timeline } = simulator;
  const state = timeline.state();
  const pace = state.running ? `${state.speed}× speed` : 'paused (POST /_simulator/advance to move)';
  const lines = [
    `Beacon simulator: ${scenario.name}, ${timeline.duration} s${timeline.loop ? ', looping' : ''}, ${pace}`,
    `  Microsoft Graph  ${urls.graph}  (Entra's token endpoint on the same origin)`,
    `  Status site      ${urls.statusSite}`,
    `  X API v2         ${urls.x}`,
    `  Control          ${urls.control}/state`,
    `  Receivers        ${urls.receivers}  (Teams /teams/…, Slack /slack/hooks/… and /slack/api/…, /webhooks/…)`,
    `  SMTP receiver    smtp://${urls.smtp.host}:${urls.smtp.port}  (what came: ${urls.control}/receivers)`,
    `  Slack bot token  ${simulator.receivers.slackBotToken}`,
    `  CA certificate   ${simulator.caCertPath}`,
    '',
    'Configure Beacon with:',
    shellExports(simulator.beaconEnv),
  ];
  if (simulator.beaconEnv.TENANTS_FILE !== undefined) {
    lines.push('', `where ${simulator.tenantsFilePath} holds:`, tenantsFile.trimEnd());
  }
  return `${lines.join('\n')}\n`;
}
