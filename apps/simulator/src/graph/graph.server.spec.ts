import {
  GraphError,
  ResponseType,
  RetryHandlerOptions,
  type Client,
} from '@microsoft/microsoft-graph-client';
import type { ScenarioInput } from '../scenario/scenario.schema.js';
import { startSimulator, type RunningSimulator } from '../simulator.js';
import { fetchGraphToken, graphClient, trustSimulatorCertificate } from '../testing/real-clients.js';
import { buildGraphServer } from './graph.server.js';

const START = '2026-11-20T10:00:00Z';
const ADVISORIES = 250;

const scenario: ScenarioInput = {
  name: 'graph-spec',
  startsAt: START,
  tenants: [
    {
      name: 'contoso',
      displayName: 'Contoso',
      services: [
        { id: 'Exchange', service: 'Exchange Online' },
        { id: 'SharePoint', service: 'SharePoint Online' },
        { id: 'OrgLiveID', service: 'Identity Service', status: 'ServiceRestored' },
      ],
    },
    { name: 'fabrikam', displayName: 'Fabrikam' },
  ],
  graph: {
    tokenLifetimeSeconds: 600,
    issues: [
      {
        id: 'EX1201458',
        service: 'Exchange Online',
        feature: 'E-Mail and calendar access',
        featureGroup: 'Outlook on the web',
        title: 'Users may be unable to access their mailbox using Outlook on the web',
        impactDescription: 'Users may be unable to access their mailbox using Outlook on the web.',
        startDateTime: '-50m',
        updates: [
          { at: '-45m', status: 'investigating', post: 'Current status: We are investigating.' },
          {
            at: '-10m',
            status: 'serviceDegradation',
            post: 'Current status: We have identified the cause.<br><br>Next update by: {{time 50m}}',
          },
          { at: '5m', status: 'serviceRestored', post: 'Final status: Service is restored.' },
          {
            at: '10m',
            status: 'postIncidentReviewPublished',
            incidentReport: 'Root cause: a configuration change.',
            incidentReportFormat: 'text',
          },
        ],
      },
      {
        id: 'TM1201502',
        tenants: ['fabrikam'],
        service: 'Microsoft Teams',
        title: 'Users may be unable to join Teams meetings',
        startDateTime: '-5m',
        updates: [
          { at: '-5m', status: 'serviceInterruption', post: 'Current status: We are investigating.' },
        ],
      },
      ...Array.from({ length: ADVISORIES }, (_, index) => ({
        id: `SP${1100000 + index}`,
        tenants: ['contoso'],
        service: 'SharePoint Online',
        classification: 'advisory',
        title: `Some users may see delays in search results (${index})`,
        startDateTime: -2 * 86_400 - index * 60,
        updates: [{ at: -2 * 86_400 - index * 60 + 30, status: 'serviceRestored' }],
      })),
    ],
    messages: [
      {
        id: 'MC1180442',
        at: '-18d',
        title: 'Microsoft Teams: new meeting recap retention setting',
        category: 'planForChange',
        tags: ['User impact', 'Admin impact'],
        services: ['Microsoft Teams'],
        body: '<p>A new setting lets admins choose how long meeting recaps are kept.</p>',
        endDateTime: '100d',
        updates: [{ at: '-2d', title: '(Updated) Microsoft Teams: new meeting recap retention setting' }],
      },
    ],
  },
};

describe(buildGraphServer.name, () => {
  let simulator: RunningSimulator;
  let distrust: () => void;
  let contoso: Client;
  let fabrikam: Client;

  const tenant = (name: string) => {
    const found = simulator.scenario.tenants.find((t) => t.name === name);
    if (!found) throw new Error(`no tenant ${name}`);
    return found;
  };
  const tokenFor = (name: string) => async () => {
    const response = await fetchGraphToken(simulator, tenant(name));
    return ((await response.json()) as { access_token: string }).access_token;
  };
  const noRetry = [new RetryHandlerOptions(0, 0)];
  const graphError = async (request: Promise<unknown>): Promise<GraphError> => {
    try {
      await request;
    } catch (error) {
      if (error instanceof GraphError) return error;
      throw error;
    }
    throw new Error('expected a GraphError');
  };

  beforeAll(async () => {
    simulator = await startSimulator({ scenario });
    distrust = trustSimulatorCertificate(simulator);
    contoso = graphClient(simulator, tokenFor('contoso'));
    fabrikam = graphClient(simulator, tokenFor('fabrikam'));
  });
  afterAll(async () => {
    distrust();
    await simulator.stop();
  });
  beforeEach(() => simulator.timeline.advanceTo(0));

  describe('token endpoint', () => {
    it('issues a bearer token for the client credentials of a tenant', async () => {
      const response = await fetchGraphToken(simulator, tenant('contoso'));

      expect(response.status).toBe(200);
      const body = (await response.json()) as Record<string, unknown>;
      expect(Object.keys(body)).toEqual(['token_type', 'expires_in', 'ext_expires_in', 'access_token']);
      expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 600, ext_expires_in: 600 });
      expect(String(body.access_token).split('.')).toHaveLength(3);
    });

    it("answers a wrong secret with Entra's 401 invalid_client body", async () => {
      const response = await fetchGraphToken(simulator, { ...tenant('contoso'), clientSecret: 'wrong' });

      expect(response.status).toBe(401);
      const body = (await response.json()) as Record<string, unknown>;
      expect(Object.keys(body)).toEqual([
        'error',
        'error_description',
        'error_codes',
        'timestamp',
        'trace_id',
        'correlation_id',
      ]);
      expect(body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
      expect(body.error_description).toMatch(/^AADSTS7000215: Invalid client secret provided/);
      expect(body.timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/);
    });

    it.each([
      [
        'an unknown client id',
        { clientId: '00000000-0000-0000-0000-000000000000' },
        'unauthorized_client',
        700016,
      ],
      ['an unknown tenant', { id: '11111111-1111-1111-1111-111111111111' }, 'invalid_request', 90002],
    ])('answers %s with a 400 and its AADSTS code', async (_case, change, error, code) => {
      const response = await fetchGraphToken(simulator, { ...tenant('contoso'), ...change });

      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error, error_codes: [code] });
    });

    it('refuses a scope without /.default', async () => {
      const { id, clientId, clientSecret } = tenant('contoso');
      const response = await fetch(`${simulator.urls.graph}/${id}/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({
          client_id: clientId,
          client_secret: clientSecret,
          grant_type: 'client_credentials',
          scope: 'ServiceHealth.Read.All',
        }),
      });

      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_scope' });
    });
  });

  describe('bearer token', () => {
    it('is required, with a Graph error body and a challenge', async () => {
      const response = await fetch(`${simulator.urls.graph}/v1.0/admin/serviceAnnouncement/issues`);

      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect(await response.json()).toMatchObject({
        error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' },
      });
    });

    it('is refused when unknown', async () => {
      const client = graphClient(simulator, async () => 'not-a-token');

      const error = await graphError(client.api('/admin/serviceAnnouncement/issues').get());

      expect(error.statusCode).toBe(401);
      expect(error.code).toBe('InvalidAuthenticationToken');
    });

    it('expires after its lifetime on the scenario clock', async () => {
      const token = await tokenFor('contoso')();
      simulator.timeline.advanceTo(601);

      const error = await graphError(
        graphClient(simulator, async () => token)
          .api('/admin/serviceAnnouncement/issues')
          .get(),
      );

      expect(error.statusCode).toBe(401);
      expect(error.message).toBe('Lifetime validation failed, the token is expired.');
    });
  });

  describe('healthOverviews', () => {
    it("lists the tenant's services with statuses that follow their open issues", async () => {
      const page = await contoso.api('/admin/serviceAnnouncement/healthOverviews').get();

      expect(page['@odata.context']).toBe(
        `${simulator.urls.graph}/v1.0/$metadata#admin/serviceAnnouncement/healthOverviews`,
      );
      expect(page.value).toEqual([
        { service: 'Exchange Online', status: 'serviceDegradation', id: 'Exchange' },
        { service: 'SharePoint Online', status: 'serviceOperational', id: 'SharePoint' },
        { service: 'Identity Service', status: 'ServiceRestored', id: 'OrgLiveID' },
      ]);
    });

    it('differs per tenant', async () => {
      const page = await fabrikam.api('/admin/serviceAnnouncement/healthOverviews').get();

      expect(page.value).toContainEqual({
        service: 'Microsoft Teams',
        status: 'serviceInterruption',
        id: 'microsoftteams',
      });
      expect(page.value).toHaveLength(6);
    });

    it('expands issues', async () => {
      const page = await contoso.api('/admin/serviceAnnouncement/healthOverviews').expand('issues').get();

      const exchange = page.value.find((service: { id: string }) => service.id === 'Exchange');
      expect(exchange.issues.map((issue: { id: string }) => issue.id)).toEqual(['EX1201458']);
    });

    it('finds one service by its URL-encoded display name', async () => {
      const service = await contoso
        .api(`/admin/serviceAnnouncement/healthOverviews/${encodeURIComponent('Exchange Online')}`)
        .get();

      expect(service).toMatchObject({
        service: 'Exchange Online',
        status: 'serviceDegradation',
        id: 'Exchange',
      });
    });

    it('answers 404 for a service the tenant does not have', async () => {
      const error = await graphError(
        contoso
          .api(`/admin/serviceAnnouncement/healthOverviews/${encodeURIComponent('Microsoft Teams')}`)
          .get(),
      );

      expect(error.statusCode).toBe(404);
    });
  });

  describe('issues', () => {
    it('serves an issue in the shape of the samples, posts and rendered times included', async () => {
      const issue = await contoso.api('/admin/serviceAnnouncement/issues/EX1201458').get();

      expect(Object.keys(issue)).toEqual([
        '@odata.context',
        'startDateTime',
        'endDateTime',
        'lastModifiedDateTime',
        'title',
        'id',
        'impactDescription',
        'classification',
        'origin',
        'status',
        'service',
        'feature',
        'featureGroup',
        'isResolved',
        'highImpact',
        'details',
        'posts',
      ]);
      expect(issue).toMatchObject({
        startDateTime: '2026-11-20T09:10:00Z',
        endDateTime: null,
        lastModifiedDateTime: '2026-11-20T09:50:00Z',
        classification: 'incident',
        origin: 'microsoft',
        status: 'serviceDegradation',
        isResolved: false,
      });
      expect(issue.posts).toHaveLength(2);
      expect(issue.posts[1]).toEqual({
        createdDateTime: '2026-11-20T09:50:00Z',
        postType: 'regular',
        description: {
          contentType: 'html',
          content:
            'Current status: We have identified the cause.<br><br>Next update by: Friday, November 20, 2026, at 10:50 AM UTC',
        },
      });
    });

    it('pages by 100 with absolute next links that the client follows', async () => {
      const ids: string[] = [];
      const nextLinks: string[] = [];
      let page = await contoso.api('/admin/serviceAnnouncement/issues').get();
      ids.push(...page.value.map((issue: { id: string }) => issue.id));
      while (page['@odata.nextLink']) {
        nextLinks.push(page['@odata.nextLink']);
        page = await contoso.api(page['@odata.nextLink']).get();
        ids.push(...page.value.map((issue: { id: string }) => issue.id));
      }

      expect(nextLinks).toHaveLength(2);
      for (const link of nextLinks) {
        expect(link).toMatch(
          new RegExp(
            `^${simulator.urls.graph}/v1\\.0/admin/serviceAnnouncement/issues\\?\\$skiptoken=[\\w-]+$`,
          ),
        );
      }
      expect(ids).toHaveLength(ADVISORIES + 1);
      expect(new Set(ids).size).toBe(ADVISORIES + 1);
      expect(ids[0]).toBe('EX1201458');
    });

    it('honours Prefer: odata.maxpagesize and says so', async () => {
      const response: Response = await contoso
        .api('/admin/serviceAnnouncement/issues')
        .header('Prefer', 'odata.maxpagesize=200')
        .responseType(ResponseType.RAW)
        .get();

      expect(response.headers.get('preference-applied')).toBe('odata.maxpagesize=200');
      const page = (await response.json()) as { value: unknown[]; '@odata.nextLink': string };
      expect(page.value).toHaveLength(200);
      const rest = await contoso.api(page['@odata.nextLink']).get();
      expect(rest.value).toHaveLength(ADVISORIES + 1 - 200);
    });

    it('filters on lastModifiedDateTime ge', async () => {
      const page = await contoso
        .api('/admin/serviceAnnouncement/issues')
        .filter('lastModifiedDateTime ge 2026-11-20T09:00:00Z')
        .get();

      expect(page.value.map((issue: { id: string }) => issue.id)).toEqual(['EX1201458']);
    });

    it.each(['isResolved eq false', "service eq 'Exchange Online'", 'lastModifiedDateTime ge yesterday'])(
      'answers the filter %p with a 400 Graph error',
      async (filter) => {
        const error = await graphError(contoso.api('/admin/serviceAnnouncement/issues').filter(filter).get());

        expect(error.statusCode).toBe(400);
        expect(error.code).toBe('BadRequest');
        expect(error.message).toMatch(/^Invalid filter clause/);
      },
    );

    it('lists what each tenant lists', async () => {
      const page = await fabrikam.api('/admin/serviceAnnouncement/issues').get();

      expect(page.value.map((issue: { id: string }) => issue.id)).toEqual(['TM1201502', 'EX1201458']);
    });

    it('moves with the timeline: resolution, then the post-incident review', async () => {
      const report = () => contoso.api('/admin/serviceAnnouncement/issues/EX1201458/incidentReport').get();
      expect((await graphError(report())).statusCode).toBe(404);

      simulator.timeline.advanceTo(300);
      const resolved = await contoso.api('/admin/serviceAnnouncement/issues/EX1201458').get();
      expect(resolved).toMatchObject({
        status: 'serviceRestored',
        isResolved: true,
        endDateTime: '2026-11-20T10:05:00Z',
      });
      expect((await graphError(report())).statusCode).toBe(404);

      simulator.timeline.advanceTo(600);
      const stream: ReadableStream = await contoso
        .api('/admin/serviceAnnouncement/issues/EX1201458/incidentReport')
        .getStream();
      expect(await new Response(stream).text()).toBe('Root cause: a configuration change.');
    });

    it('answers 404 for an issue the tenant does not list', async () => {
      const error = await graphError(contoso.api('/admin/serviceAnnouncement/issues/TM1201502').get());

      expect(error.statusCode).toBe(404);
    });
  });

  describe('messages', () => {
    it('lists message center posts in the shape of the sample', async () => {
      const page = await contoso.api('/admin/serviceAnnouncement/messages').get();

      expect(page.value).toHaveLength(1);
      expect(page.value[0]).toMatchObject({
        id: 'MC1180442',
        title: '(Updated) Microsoft Teams: new meeting recap retention setting',
        category: 'planForChange',
        severity: 'normal',
        lastModifiedDateTime: '2026-11-18T10:00:00Z',
        viewPoint: null,
        body: { contentType: 'html' },
      });
    });

    it('serves one message by id', async () => {
      const message = await contoso
        .api('/admin/serviceAnnouncement/messages/MC1180442')
        .select('id,title')
        .get();

      expect(message).toEqual({
        '@odata.context': `${simulator.urls.graph}/v1.0/$metadata#admin/serviceAnnouncement/messages/$entity`,
        title: '(Updated) Microsoft Teams: new meeting recap retention setting',
        id: 'MC1180442',
      });
    });
  });

  it('answers an unknown segment with a 400, as Graph does', async () => {
    const error = await graphError(
      contoso.api('/admin/serviceAnnouncement/nothing').middlewareOptions(noRetry).get(),
    );

    expect(error.statusCode).toBe(400);
    expect(error.message).toBe("Resource not found for the segment 'nothing'.");
  });
});

describe(`${buildGraphServer.name} throttling`, () => {
  let simulator: RunningSimulator;
  let distrust: () => void;

  beforeAll(async () => {
    simulator = await startSimulator({
      scenario: {
        name: 'throttle-spec',
        tenants: [{ name: 'contoso' }, { name: 'fabrikam' }],
        graph: { throttle: { perMinute: 5, perHour: 8 } },
      },
    });
    distrust = trustSimulatorCertificate(simulator);
  });
  afterAll(async () => {
    distrust();
    await simulator.stop();
  });

  it('answers 429 with Retry-After per tenant, over each sliding window', async () => {
    const clientFor = (name: string) => {
      const tenant = simulator.scenario.tenants.find((t) => t.name === name);
      if (!tenant) throw new Error(name);
      return graphClient(simulator, async () => {
        const response = await fetchGraphToken(simulator, tenant);
        return ((await response.json()) as { access_token: string }).access_token;
      });
    };
    const contoso = clientFor('contoso');
    const call = (client: Client) =>
      client
        .api('/admin/serviceAnnouncement/healthOverviews')
        .middlewareOptions([new RetryHandlerOptions(0, 0)])
        .get()
        .then(
          () => 200,
          (error: GraphError) => error,
        );

    for (let i = 0; i < 5; i += 1) expect(await call(contoso)).toBe(200);
    simulator.timeline.advanceTo(10);
    const throttled = await call(contoso);

    expect(throttled).toBeInstanceOf(GraphError);
    expect((throttled as GraphError).statusCode).toBe(429);
    expect((throttled as GraphError).headers?.get('retry-after')).toBe('50');
    expect(await call(clientFor('fabrikam'))).toBe(200);

    simulator.timeline.advanceTo(60);
    for (let i = 0; i < 3; i += 1) expect(await call(contoso)).toBe(200);
    const hourly = (await call(contoso)) as GraphError;
    expect(hourly.statusCode).toBe(429);
    expect(hourly.headers?.get('retry-after')).toBe('3540');
  });
});
