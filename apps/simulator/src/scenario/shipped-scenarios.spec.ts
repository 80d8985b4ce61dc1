import { GraphError, RetryHandlerOptions, type Client } from '@microsoft/microsoft-graph-client';
import { startSimulator, type RunningSimulator } from '../simulator.js';
import {
  fetchGraphToken,
  graphClient,
  statusSiteParser,
  trustSimulatorCertificate,
  xClient,
} from '../testing/real-clients.js';

const noRetry = [new RetryHandlerOptions(0, 0)];

describe('admin-center-outage', () => {
  let simulator: RunningSimulator;
  let distrust: () => void;
  const clients: Record<string, Client> = {};

  const graphStatus = (tenant: string, path = '/admin/serviceAnnouncement/issues') =>
    clients[tenant]
      ?.api(path)
      .middlewareOptions(noRetry)
      .get()
      .then(
        () => 200,
        (error: GraphError) => error.statusCode,
      );
  const issue = (tenant: string, id: string) =>
    clients[tenant]?.api(`/admin/serviceAnnouncement/issues/${id}`).get();
  const macPost = async () =>
    (await (await fetch(`${simulator.urls.statusSite}/api/posts/mac`)).json()) as {
      Status: string;
      Message: string;
    };
  const tweets = async () => {
    const timeline = await xClient(simulator).v2.userTimeline('2854829713', {
      exclude: ['replies', 'retweets'],
      max_results: 100,
    });
    return timeline.tweets.map((tweet) => tweet.text);
  };

  beforeAll(async () => {
    simulator = await startSimulator({
      scenario: 'admin-center-outage',
      startsAt: new Date('2026-11-20T10:00:00Z'),
    });
    distrust = trustSimulatorCertificate(simulator);
    for (const tenant of simulator.scenario.tenants) {
      // Tokens are taken before the outage and stay valid through it.
      const token = ((await (await fetchGraphToken(simulator, tenant)).json()) as { access_token: string })
        .access_token;
      clients[tenant.name] = graphClient(simulator, async () => token);
    }
  });
  afterAll(async () => {
    distrust();
    await simulator.stop();
  });

  it('starts with an Exchange incident in progress and every channel up', async () => {
    simulator.timeline.advanceTo(0);

    for (const tenant of ['contoso', 'fabrikam']) {
      expect(await issue(tenant, 'EX1201458')).toMatchObject({
        status: 'serviceDegradation',
        isResolved: false,
      });
    }
    expect((await macPost()).Status).toBe('Available');
    expect(await tweets()).toEqual([expect.stringContaining('EX1201458')]);
  });

  it('loses Graph for every tenant while the status site and X speak', async () => {
    simulator.timeline.advanceTo(190);

    expect(await graphStatus('contoso')).toBe(503);
    expect(await graphStatus('fabrikam')).toBe(503);
    const post = await macPost();
    expect(post.Status).toBe('Service degradation');
    expect(post.Message).toContain('MO1201511');
    const feed = await statusSiteParser().parseURL(`${simulator.urls.statusSite}/api/feed/mac`);
    expect(feed.items[0]?.status).toBe('Service degradation');
    const texts = await tweets();
    expect(texts.filter((text) => text.includes('TM1201502'))).toHaveLength(2);
    expect(texts.filter((text) => text.includes('MO1201511'))).toHaveLength(1);
    expect(texts.some((text) => text.startsWith('@') || text.startsWith('RT @'))).toBe(false);

    simulator.timeline.advanceTo(230);
    await expect(
      fetch(`${simulator.urls.graph}/v1.0/admin/serviceAnnouncement/issues`, {
        signal: AbortSignal.timeout(50),
      }),
    ).rejects.toThrow();
  });

  it('brings Graph back unevenly, with the full records of the incidents X spoke of', async () => {
    simulator.timeline.advanceTo(280);
    expect(await graphStatus('contoso')).toBe(502);
    expect((await issue('fabrikam', 'MO1201511')).posts).toHaveLength(3);

    simulator.timeline.advanceTo(350);
    const admin = await issue('contoso', 'MO1201511');
    expect(admin).toMatchObject({
      status: 'serviceRestored',
      isResolved: true,
      service: 'Microsoft 365 suite',
    });
    expect(admin.posts).toHaveLength(4);
    expect(await issue('contoso', 'TM1201502')).toMatchObject({
      status: 'serviceRestored',
      isResolved: true,
    });
  });

  it('ends with everything resolved and post-incident reviews published', async () => {
    simulator.timeline.advanceTo(500);

    expect((await macPost()).Status).toBe('Available');
    expect(await issue('fabrikam', 'EX1201458')).toMatchObject({ status: 'serviceRestored' });
    // A Word document (a zip package) and a PDF, as Microsoft publishes them.
    for (const [id, magic] of [
      ['TM1201502', 'PK\x03\x04'],
      ['MO1201511', '%PDF-'],
    ]) {
      const stream: ReadableStream = await clients.contoso
        ?.api(`/admin/serviceAnnouncement/issues/${id}/incidentReport`)
        .getStream();
      const bytes = Buffer.from(await new Response(stream).arrayBuffer());
      expect(bytes.subarray(0, magic?.length).toString('latin1')).toBe(magic);
    }
    const overview = await clients.contoso?.api('/admin/serviceAnnouncement/healthOverviews').get();
    expect(new Set(overview.value.map((service: { status: string }) => service.status))).toEqual(
      new Set(['serviceOperational']),
    );
  });
});

describe('quiet-day', () => {
  it('answers on every channel at every step', async () => {
    const simulator = await startSimulator({ scenario: 'quiet-day' });
    const distrust = trustSimulatorCertificate(simulator);
    try {
      const [tenant] = simulator.scenario.tenants;
      const token = ((await (await fetchGraphToken(simulator, tenant!)).json()) as { access_token: string })
        .access_token;
      const graph = graphClient(simulator, async () => token);
      for (let step = 0; step <= simulator.timeline.steps.length; step += 1) {
        await graph.api('/admin/serviceAnnouncement/issues').get();
        expect(
          (await statusSiteParser().parseURL(`${simulator.urls.statusSite}/api/feed/mac`)).items[0]?.status,
        ).toBe('Available');
        await xClient(simulator).v2.userTimeline('2854829713', { max_results: 5 });
        simulator.timeline.step();
      }
    } finally {
      distrust();
      await simulator.stop();
    }
  });
});
