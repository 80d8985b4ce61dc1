import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '#config';
import { createConnectors, GraphPacerRegistry, type Connector } from '#connectors';
import { startTestSimulator, type TestSimulator } from '#testing';
import { generate } from 'selfsigned';
import { only, poll, pollFailure } from './simulated-upstreams.js';

const certificate = () =>
  generate([{ name: 'commonName', value: 'Beacon' }], { keyType: 'rsa', keySize: 2048 });

/** Certificate credentials end to end: Beacon signs client assertions, the simulator verifies them as Entra. */
describe('Graph with a certificate credential, against the simulator', () => {
  let simulator: TestSimulator;
  let app: Awaited<ReturnType<typeof certificate>>;
  let impostor: Awaited<ReturnType<typeof certificate>>;

  beforeAll(async () => {
    [app, impostor] = await Promise.all([certificate(), certificate()]);
    simulator = await startTestSimulator({
      name: 'graph-certificate',
      startsAt: '2026-11-20T10:00:00Z',
      duration: 600,
      tenants: [{ name: 'contoso', certificate: app.cert }, { name: 'fabrikam' }],
      graph: {
        issues: [
          {
            id: 'EX1201458',
            service: 'Exchange Online',
            title: 'Mail delays',
            startDateTime: '-1h',
            updates: [{ at: -60, status: 'serviceDegradation', post: 'Current status: investigating.' }],
          },
        ],
      },
    });
  });
  afterAll(() => simulator?.stop());

  /** Beacon's connectors for the simulator's tenants, `contoso` proving itself with the given pair. */
  function connectorsWith(pair: { cert: string; private: string }): Connector[] {
    const folder = mkdtempSync(join(tmpdir(), 'beacon-cert-'));
    writeFileSync(join(folder, 'app.pem'), `${pair.cert}\n${pair.private}`);
    const [contoso, fabrikam] = simulator.simulator.scenario.tenants;
    const tenants = [
      { id: contoso!.id, clientId: contoso!.clientId, certificateFile: 'app.pem', privateKeyFile: 'app.pem' },
      { id: fabrikam!.id, clientId: fabrikam!.clientId, clientSecret: fabrikam!.clientSecret },
    ];
    writeFileSync(join(folder, 'tenants.json'), JSON.stringify(tenants));
    // Two tenants: the simulator's environment names a tenants file, replaced by this one.
    const config = loadConfig({
      ...simulator.env,
      TENANTS_FILE: join(folder, 'tenants.json'),
      DATA_DIR: folder,
    });
    return createConnectors(config, { requestTimeoutMs: 2_000, graphPacers: new GraphPacerRegistry() });
  }
  const tenantId = (index: number) => simulator.simulator.scenario.tenants[index]!.id;

  it('gets a token with an assertion signed by the registered certificate’s key, and polls', async () => {
    const connectors = connectorsWith(app);
    const result = await poll(only(connectors, 'GRAPH', tenantId(0)));
    expect(result.signals.map((signal) => signal.externalId)).toContain('EX1201458');
    expect(result.requests).toBeGreaterThan(1);
    // A client secret keeps working beside it, for the other tenant.
    await expect(poll(only(connectors, 'GRAPH', tenantId(1)))).resolves.toMatchObject({ partial: undefined });
  });

  it('fails as authentication when the key is not the registered certificate’s', async () => {
    const error = await pollFailure(only(connectorsWith(impostor), 'GRAPH', tenantId(0)));
    expect(error.kind).toBe('authentication');
    expect(error.message).toMatch(/invalid_client \(AADSTS700027\)/);
    expect(error.message).not.toContain('PRIVATE KEY');
  });
});
