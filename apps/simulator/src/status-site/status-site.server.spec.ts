import type { ScenarioInput } from '../scenario/scenario.schema.js';
import { startSimulator, type RunningSimulator } from '../simulator.js';
import { statusSiteParser } from '../testing/real-clients.js';
import { buildStatusSiteServer } from './status-site.server.js';

/** samples/status-site-posts-mac.json, byte for byte. */
const SAMPLE_MAC_POST =
  '{"Id":"5b7f0c6e-2d1a-4f3b-9c8e-7a6b5c4d3e2f","AuthoredDateTime":"2026-11-20T10:18:03+00:00","InternalDateTime":"2026-11-20T10:20:00+00:00","LastUpdatedTime":"2026-11-20T10:24:41.118273+00:00","Title":"Users may be unable to access the Microsoft 365 admin center","Message":"<div>Title: Users may be unable to access the Microsoft 365 admin center<br>User impact: Admins may be unable to access the Microsoft 365 admin center or Service health.<br>Current status: We\'re investigating elevated failures in the admin portal\'s front end. More information is available under MO1199001.</div>","Status":"Service degradation"}';

/** samples/status-site-feed-mac.xml, byte for byte but for the weekday (20 November 2026 is a Friday). */
const SAMPLE_MAC_FEED = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
  <channel>
    <title>Microsoft Admin Center Status</title>
    <link>https://status.cloud.microsoft/</link>
    <description>Microsoft Admin Center Status</description>
    <item>
      <title>Microsoft Admin Center</title>
      <description>&lt;div&gt;Title: Users may be unable to access the Microsoft 365 admin center&lt;br&gt;User impact: Admins may be unable to access the Microsoft 365 admin center or Service health.&lt;br&gt;Current status: We're investigating elevated failures in the admin portal's front end. More information is available under MO1199001.&lt;/div&gt;</description>
      <status>Service degradation</status>
      <pubDate>Fri, 20 Nov 2026 10:20:00 Z</pubDate>
    </item>
  </channel>
</rss>
`;

const sample = JSON.parse(SAMPLE_MAC_POST) as Record<string, string>;

const scenario: ScenarioInput = {
  name: 'status-site-spec',
  startsAt: '2026-11-20T10:00:00Z',
  statusSite: {
    posts: {
      mac: [
        {
          at: '18m3s',
          id: sample.Id,
          title: sample.Title,
          message: sample.Message ?? '',
          status: sample.Status ?? '',
        },
      ],
    },
    m365Consumer: [
      { serviceDisplayName: 'Outlook.com', serviceWorkloadName: 'OutlookCom' },
      {
        serviceDisplayName: 'OneDrive',
        serviceWorkloadName: 'OneDriveConsumer',
        posts: [
          {
            at: 0,
            title: 'Some users cannot open files',
            message: '<div>We are investigating.</div>',
            status: 'ServiceDegradation',
          },
        ],
      },
    ],
  },
};

describe(buildStatusSiteServer.name, () => {
  let simulator: RunningSimulator;
  const get = (path: string) => fetch(`${simulator.urls.statusSite}${path}`);

  beforeAll(async () => {
    simulator = await startSimulator({ scenario });
  });
  afterAll(() => simulator.stop());
  beforeEach(() => simulator.timeline.advanceTo(0));

  it('serves the admin-center post as the sample shows it, LastUpdatedTime being the clock at the request', async () => {
    simulator.timeline.advanceTo(24 * 60 + 41.118273);

    const response = await get('/api/posts/mac');

    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.text()).toBe(SAMPLE_MAC_POST);
  });

  it('serves the RSS feed as the sample shows it, readable by rss-parser with the status custom field', async () => {
    simulator.timeline.advanceTo(24 * 60 + 41);

    expect(await (await get('/api/feed/mac')).text()).toBe(SAMPLE_MAC_FEED);
    const feed = await statusSiteParser().parseURL(`${simulator.urls.statusSite}/api/feed/mac`);
    expect(feed.title).toBe('Microsoft Admin Center Status');
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]).toMatchObject({
      title: 'Microsoft Admin Center',
      status: 'Service degradation',
      pubDate: 'Fri, 20 Nov 2026 10:20:00 Z',
    });
    expect(feed.items[0]?.content).toContain('MO1199001');
  });

  it('shows the quiet post before anything happens, with the null authored date', async () => {
    const post = (await (await get('/api/posts/mac')).json()) as Record<string, string>;

    expect(post).toMatchObject({
      AuthoredDateTime: '0001-01-01T00:00:00+00:00',
      InternalDateTime: '2026-11-20T10:00:00+00:00',
      LastUpdatedTime: '2026-11-20T10:00:00.000000+00:00',
      Title: '',
      Status: 'Available',
    });
    const feed = await statusSiteParser().parseURL(`${simulator.urls.statusSite}/api/feed/ppac`);
    expect(feed.title).toBe('Power Platform Admin Center Status');
    expect(feed.items[0]?.status).toBe('Available');
  });

  it.each(['ppac', 'azure'])('serves /api/posts/%s as a JSON object', async (name) => {
    const post = (await (await get(`/api/posts/${name}`)).json()) as Record<string, string>;

    expect(Object.keys(post)).toEqual([
      'Id',
      'AuthoredDateTime',
      'InternalDateTime',
      'LastUpdatedTime',
      'Title',
      'Message',
      'Status',
    ]);
  });

  it('serves the consumer posts as an array with service names', async () => {
    const posts = (await (await get('/api/posts/m365Consumer')).json()) as Record<string, string>[];

    expect(posts).toHaveLength(2);
    expect(posts[1]).toMatchObject({
      ServiceDisplayName: 'OneDrive',
      ServiceWorkloadName: 'OneDriveConsumer',
      Title: 'Some users cannot open files',
      Status: 'ServiceDegradation',
    });
    expect(posts[0]).toMatchObject({ ServiceDisplayName: 'Outlook.com', Status: 'Available' });
  });

  it.each(['/', '/api/feed/azure', '/api/posts/unknown', '/api/feed/mac/extra', '/incidents/MO1199001'])(
    'answers %s with the SPA shell under a 200, as the real site does',
    async (path) => {
      const response = await get(path);

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toContain('<div id="root"></div>');
    },
  );

  it('leaves rss-parser failing on the shell, so a 200 proves nothing', async () => {
    await expect(
      statusSiteParser().parseURL(`${simulator.urls.statusSite}/api/feed/azure`),
    ).rejects.toThrow();
  });
});
