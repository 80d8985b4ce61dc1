import Parser from 'rss-parser';
import type { ScenarioInput } from '../scenario/scenario.schema.js';
import type { Channel } from '../scenario/scenario.vocabulary.js';
import { startSimulator, type RunningSimulator } from '../simulator.js';
import { fetchGraphToken, trustSimulatorCertificate } from '../testing/real-clients.js';
import { installFaultHooks } from './fault.hooks.js';

const CHANNELS: Channel[] = ['graph', 'statusSite', 'x'];
type FaultInput = NonNullable<ScenarioInput['faults']>[number];
const everywhere = (from: number, fault: Omit<FaultInput, 'channel' | 'from'>): FaultInput[] =>
  CHANNELS.map((channel) => ({ channel, from, for: 10, ...fault }));

const scenario: ScenarioInput = {
  name: 'faults-spec',
  startsAt: '2026-11-20T10:00:00Z',
  tenants: [{ name: 'contoso' }, { name: 'fabrikam' }],
  faults: [
    { channel: 'graph', kind: 'serverError', status: 503, from: 10, for: 10 },
    { channel: 'statusSite', kind: 'serverError', status: 502, from: 10, for: 10 },
    { channel: 'x', kind: 'serverError', status: 500, from: 10, for: 10 },
    ...everywhere(20, { kind: 'throttled' }),
    ...everywhere(30, { kind: 'timeout' }),
    ...everywhere(40, { kind: 'slow', delayMs: 80 }),
    ...everywhere(50, { kind: 'truncated' }),
    ...everywhere(60, { kind: 'malformed' }),
    ...everywhere(70, { kind: 'htmlShell' }),
    { channel: 'graph', kind: 'expiredCredentials', from: 80, for: 10 },
    { channel: 'x', kind: 'expiredCredentials', from: 80, for: 10 },
    { channel: 'graph', kind: 'revokedCredentials', from: 90, for: 10 },
    { channel: 'x', kind: 'revokedCredentials', from: 90, for: 10 },
    { channel: 'graph', kind: 'forbidden', from: 100, for: 10 },
    { channel: 'x', kind: 'forbidden', from: 100, for: 10 },
    { channel: 'graph', kind: 'serverError', tenants: ['contoso'], from: 110, for: 10 },
    { channel: 'statusSite', kind: 'serverError', endpoints: ['posts/mac'], from: 120, for: 10 },
    { channel: 'graph', kind: 'serverError', endpoints: ['token'], from: 130, for: 10 },
    { channel: 'x', kind: 'serverError', every: 2, from: 140, for: 10 },
  ],
};

describe(installFaultHooks.name, () => {
  let simulator: RunningSimulator;
  let distrust: () => void;
  const tokens: Record<string, string> = {};

  const tenant = (name: string) => {
    const found = simulator.scenario.tenants.find((t) => t.name === name);
    if (!found) throw new Error(name);
    return found;
  };
  const token = (name: string) => fetchGraphToken(simulator, tenant(name));
  const probe = (channel: Channel, init: { tenant?: string; path?: string; signal?: AbortSignal } = {}) => {
    switch (channel) {
      case 'graph':
        return fetch(`${simulator.urls.graph}/v1.0/admin/serviceAnnouncement/${init.path ?? 'issues'}`, {
          headers: { authorization: `Bearer ${tokens[init.tenant ?? 'contoso']}` },
          signal: init.signal,
        });
      case 'statusSite':
        return fetch(`${simulator.urls.statusSite}${init.path ?? '/api/posts/mac'}`, { signal: init.signal });
      case 'x':
        return fetch(`${simulator.urls.x}/2/users/2854829713/tweets?max_results=5`, {
          headers: { authorization: `Bearer ${simulator.scenario.x.bearerToken}` },
          signal: init.signal,
        });
    }
  };

  beforeAll(async () => {
    simulator = await startSimulator({ scenario });
    distrust = trustSimulatorCertificate(simulator);
    for (const name of ['contoso', 'fabrikam']) {
      tokens[name] = ((await (await token(name)).json()) as { access_token: string }).access_token;
    }
  });
  afterAll(async () => {
    distrust();
    await simulator.stop();
  });

  it.each(CHANNELS)('leaves %s alone outside the fault windows', async (channel) => {
    for (const offset of [0, 9.9, 150]) {
      simulator.timeline.advanceTo(offset);
      expect((await probe(channel)).status).toBe(200);
    }
  });

  describe('serverError', () => {
    beforeEach(() => simulator.timeline.advanceTo(10));

    it("answers Graph's way: JSON error body with the status", async () => {
      const response = await probe('graph');
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: { code: 'ServiceUnavailable' } });
    });

    it("answers the status site's way: the front door's HTML page", async () => {
      const response = await probe('statusSite');
      expect(response.status).toBe(502);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    });

    it("answers X's way: a problem body", async () => {
      const response = await probe('x');
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        title: 'Internal Server Error',
        detail: 'Internal Server Error',
        type: 'about:blank',
        status: 500,
      });
    });
  });

  describe('throttled', () => {
    beforeEach(() => simulator.timeline.advanceTo(23));

    it('gives Graph a Retry-After of the time left in the fault', async () => {
      const response = await probe('graph');
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('7');
    });

    it('gives the status site a bare 429', async () => {
      const response = await probe('statusSite');
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBeNull();
    });

    it('gives X a 429 with rate-limit headers and no Retry-After', async () => {
      const response = await probe('x');
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBeNull();
      expect(response.headers.get('x-rate-limit-remaining')).toBe('0');
      expect(response.headers.get('x-rate-limit-reset')).toBe(
        String(Date.parse('2026-11-20T10:00:30Z') / 1000),
      );
    });
  });

  it.each(CHANNELS)('times %s out: no answer at all', async (channel) => {
    simulator.timeline.advanceTo(30);

    await expect(probe(channel, { signal: AbortSignal.timeout(80) })).rejects.toThrow(/aborted|timeout/i);
  });

  it.each(CHANNELS)('slows %s down, then answers', async (channel) => {
    simulator.timeline.advanceTo(40);
    const started = performance.now();

    const response = await probe(channel);

    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
  });

  it.each(CHANNELS)('truncates the body of %s mid-transfer', async (channel) => {
    simulator.timeline.advanceTo(50);

    const response = await probe(channel);

    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow(/terminated/);
  });

  it.each(CHANNELS)('serves %s a complete answer whose JSON does not parse', async (channel) => {
    simulator.timeline.advanceTo(60);

    const response = await probe(channel);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/json/);
    await expect(response.json()).rejects.toMatchObject({ name: 'SyntaxError' });
  });

  it('serves the status-site feed as XML that does not parse', async () => {
    simulator.timeline.advanceTo(60);

    await expect(new Parser().parseURL(`${simulator.urls.statusSite}/api/feed/mac`)).rejects.toThrow();
  });

  it.each([
    ['graph', 'Sign in to your account'],
    ['statusSite', '<div id="root"></div>'],
    ['x', '<div id="react-root"></div>'],
  ] as const)('puts an HTML page under a 200 on %s', async (channel, marker) => {
    simulator.timeline.advanceTo(70);

    const response = await probe(channel);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain(marker);
  });

  describe('expiredCredentials', () => {
    beforeEach(() => simulator.timeline.advanceTo(80));

    it('makes Entra refuse the secret and Graph refuse the token', async () => {
      const refused = await token('contoso');
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ error: 'invalid_client', error_codes: [7000222] });
      const response = await probe('graph');
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({
        error: { message: 'Lifetime validation failed, the token is expired.' },
      });
    });

    it('makes X refuse the bearer token', async () => {
      expect((await probe('x')).status).toBe(401);
    });
  });

  describe('revokedCredentials', () => {
    beforeEach(() => simulator.timeline.advanceTo(90));

    it('makes Entra refuse the secret and Graph revoke the token', async () => {
      const refused = await token('fabrikam');
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ error_codes: [7000215] });
      const response = await probe('graph', { tenant: 'fabrikam' });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({
        error: { message: expect.stringMatching(/revocation/i) },
      });
    });

    it('makes X refuse the bearer token', async () => {
      expect((await probe('x')).status).toBe(401);
    });
  });

  describe('forbidden', () => {
    beforeEach(() => simulator.timeline.advanceTo(100));

    it('still issues tokens, but Graph refuses with a 403', async () => {
      expect((await token('contoso')).status).toBe(200);
      const response = await probe('graph');
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: 'Authorization_RequestDenied' } });
    });

    it("answers X's client-forbidden problem", async () => {
      const response = await probe('x');
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ reason: 'client-not-enrolled' });
    });
  });

  it('hits only the tenants a Graph fault names', async () => {
    simulator.timeline.advanceTo(110);

    expect((await probe('graph', { tenant: 'contoso' })).status).toBe(503);
    expect((await probe('graph', { tenant: 'fabrikam' })).status).toBe(200);
  });

  it('hits only the endpoints a fault names', async () => {
    simulator.timeline.advanceTo(120);

    expect((await probe('statusSite')).status).toBe(503);
    expect((await probe('statusSite', { path: '/api/feed/mac' })).status).toBe(200);
  });

  it("reaches Graph's token endpoint only when named", async () => {
    simulator.timeline.advanceTo(10);
    expect((await token('contoso')).status).toBe(200);

    simulator.timeline.advanceTo(130);
    expect((await token('contoso')).status).toBe(503);
    expect((await probe('graph')).status).toBe(200);
  });

  it('hits every n-th request when asked', async () => {
    simulator.timeline.advanceTo(140);

    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await probe('x')).status);

    expect(statuses).toEqual([200, 503, 200, 503]);
  });
});
