import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { startSimulator, type RunningSimulator } from './simulator.js';

const run = promisify(execFile);

describe(startSimulator.name, () => {
  describe('with two tenants', () => {
    let simulator: RunningSimulator;

    beforeAll(async () => {
      simulator = await startSimulator({
        scenario: {
          name: 'env-spec',
          tenants: [{ name: 'contoso', displayName: 'Contoso' }, { name: 'fabrikam' }],
        },
      });
    });
    afterAll(() => simulator.stop());

    it('serves three loopback origins, Graph over https, and the notification receivers', () => {
      expect(simulator.urls).toEqual({
        graph: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/),
        statusSite: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        x: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        control: `${simulator.urls.statusSite}/_simulator`,
        receivers: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        smtp: { host: '127.0.0.1', port: expect.any(Number) },
      });
    });

    it("gives Beacon's environment, tenants in TENANTS_FILE", async () => {
      const [contoso, fabrikam] = simulator.scenario.tenants;

      expect(simulator.beaconEnv).toEqual({
        GRAPH_BASE_URL: simulator.urls.graph,
        GRAPH_AUTHORITY_URL: simulator.urls.graph,
        TENANTS_FILE: simulator.tenantsFilePath,
        STATUS_SITE_URL: simulator.urls.statusSite,
        X_API_BASE_URL: simulator.urls.x,
        X_BEARER_TOKEN: simulator.scenario.x.bearerToken,
        X_USERNAME: 'MSFT365Status',
        NODE_EXTRA_CA_CERTS: simulator.caCertPath,
      });
      expect(JSON.parse(await readFile(simulator.tenantsFilePath, 'utf8'))).toEqual([
        {
          id: contoso?.id,
          displayName: 'Contoso',
          clientId: contoso?.clientId,
          clientSecret: contoso?.clientSecret,
        },
        {
          id: fabrikam?.id,
          displayName: 'fabrikam',
          clientId: fabrikam?.clientId,
          clientSecret: fabrikam?.clientSecret,
        },
      ]);
    });

    it('writes a certificate that another process trusts through NODE_EXTRA_CA_CERTS', async () => {
      const tenant = simulator.scenario.tenants[0];
      const script = `
        const response = await fetch(process.env.GRAPH_AUTHORITY_URL + '/${tenant?.id}/oauth2/v2.0/token', {
          method: 'POST',
          body: new URLSearchParams({ client_id: '${tenant?.clientId}', client_secret: '${tenant?.clientSecret}',
            grant_type: 'client_credentials', scope: 'https://graph.microsoft.com/.default' }),
        });
        console.log(response.status);`;

      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
        env: { PATH: process.env.PATH, ...simulator.beaconEnv },
      });

      expect(await readFile(simulator.caCertPath, 'utf8')).toBe(simulator.caCert);
      expect(stdout.trim()).toBe('200');
    });
  });

  it('puts a single tenant in the GRAPH_* variables', async () => {
    const simulator = await startSimulator({
      scenario: { name: 'one-tenant', tenants: [{ name: 'contoso' }] },
    });
    await simulator.stop();
    const [tenant] = simulator.scenario.tenants;

    expect(simulator.beaconEnv).toMatchObject({
      GRAPH_TENANT_ID: tenant?.id,
      GRAPH_CLIENT_ID: tenant?.clientId,
      GRAPH_CLIENT_SECRET: tenant?.clientSecret,
    });
    expect(simulator.beaconEnv.TENANTS_FILE).toBeUndefined();
  });

  it('leaves nothing behind when stopped', async () => {
    const simulator = await startSimulator({ scenario: { name: 'stop-spec' } });

    await simulator.stop();

    expect(existsSync(simulator.caCertPath)).toBe(false);
    await expect(fetch(`${simulator.urls.statusSite}/`)).rejects.toThrow();
  });

  it.each(['graph', 'statusSite', 'x'] as const)(
    'stops at once with a client still connected to %s, even one that never began its request',
    async (origin) => {
      const simulator = await startSimulator({ scenario: { name: 'stop-spec' } });
      const { hostname, port } = new URL(simulator.urls[origin]);
      // A bare connection: for Graph, a TLS handshake never begun (a client stopped as it connected).
      const client = connect(Number(port), hostname);
      await once(client, 'connect');
      const cutOff = once(client, 'close');

      const outcome = await Promise.race([
        simulator.stop().then(() => 'stopped'),
        new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5000).unref()),
      ]);

      expect(outcome).toBe('stopped');
      await cutOff;
    },
  );
});
