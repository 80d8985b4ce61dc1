import type { ScenarioInput } from '../../../apps/simulator/src/index.js';
import {
  only,
  poll,
  pollFailure,
  simulateUpstreams,
  type SimulatedUpstreams,
} from './simulated-upstreams.js';

/** The admin center goes down at 100 s; Outlook.com has trouble from 200 s; then every fault in turn. */
const scenario: ScenarioInput = {
  name: 'connectors-status-site',
  startsAt: '2026-11-20T10:00:00Z',
  duration: 3600,
  statusSite: {
    posts: {
      mac: [
        {
          at: 100,
          title: 'Users may be unable to access the Microsoft 365 admin center',
          message:
            "<div>Title: Users may be unable to access the Microsoft 365 admin center<br>Current status: We're investigating. More information is available under MO1199001.</div>",
          status: 'Service degradation',
        },
      ],
    },
    m365Consumer: [
      {
        serviceDisplayName: 'Outlook.com',
        serviceWorkloadName: 'OutlookCom',
        posts: [
          {
            at: 200,
            title: 'Some users may be unable to sign in to Outlook.com',
            message: "<div>We're investigating reports of sign-in loops.</div>",
            status: 'ServiceDegradation',
          },
        ],
      },
      { serviceDisplayName: 'OneDrive', serviceWorkloadName: 'OneDriveConsumer' },
    ],
  },
  faults: [
    { channel: 'statusSite', kind: 'serverError', status: 502, from: 1000, for: 10 },
    { channel: 'statusSite', kind: 'throttled', from: 1100, for: 10 },
    { channel: 'statusSite', kind: 'timeout', endpoints: ['feed/mac'], from: 1200, for: 10 },
    { channel: 'statusSite', kind: 'truncated', from: 1300, for: 10 },
    { channel: 'statusSite', kind: 'malformed', endpoints: ['posts/m365Consumer'], from: 1400, for: 10 },
    { channel: 'statusSite', kind: 'malformed', endpoints: ['feed/ppac'], from: 1450, for: 10 },
    { channel: 'statusSite', kind: 'htmlShell', endpoints: ['posts/mac'], from: 1500, for: 10 },
    { channel: 'statusSite', kind: 'htmlShell', endpoints: ['feed/mac'], from: 1550, for: 10 },
  ],
};

describe('Status site connector against the simulator', () => {
  let upstreams: SimulatedUpstreams;

  beforeAll(async () => {
    upstreams = await simulateUpstreams(scenario);
  });
  afterAll(() => upstreams.stop());
  beforeEach(() => upstreams.at(0));

  const statusSite = () => only(upstreams.connectors(), 'STATUS_SITE');

  it('reads both feeds, the admin center post and the consumer posts', async () => {
    const result = await poll(statusSite());
    const byKind = (kind: string) => result.signals.filter((signal) => signal.kind === kind);
    expect(byKind('statusSite.feedItem').map((s) => [s.externalId, s.payload.status])).toEqual([
      ['mac', 'Available'],
      ['ppac', 'Available'],
    ]);
    const posts = byKind('statusSite.post');
    expect(posts).toHaveLength(3);
    expect(posts.slice(1).map((s) => s.externalId.split(':')[0])).toEqual(['OutlookCom', 'OneDriveConsumer']);
    expect(result).toMatchObject({ cursor: null, requests: 4, throttledMs: 0, partial: undefined });
  });

  it('hashes an unchanged site the same, and a changed one differently', async () => {
    const connector = statusSite();
    const first = await poll(connector);
    expect((await poll(connector)).signals.map((s) => s.contentHash)).toEqual(
      first.signals.map((s) => s.contentHash),
    );
    upstreams.at(150);
    const changed = await poll(connector);
    const mac = (result: typeof first) =>
      result.signals.find((s) => s.kind === 'statusSite.feedItem' && s.externalId === 'mac');
    expect(mac(changed)?.payload.status).toBe('Service degradation');
    expect(mac(changed)?.contentHash).not.toBe(mac(first)?.contentHash);
    const post = changed.signals.find((s) => s.kind === 'statusSite.post' && !s.externalId.includes(':'));
    expect(post?.payload).toMatchObject({ Status: 'Service degradation' });
    expect(post?.publishedAt).toEqual(new Date('2026-11-20T10:01:40Z'));
  });

  it.each([
    [1000, 'a 502', 'unavailable'],
    [1300, 'bodies cut short', 'unavailable'],
  ])('at %i s, classifies %s on every endpoint as %s', async (offset, _case, kind) => {
    upstreams.at(offset);
    expect((await pollFailure(statusSite())).kind).toBe(kind);
  });

  it.each([
    [1200, 'no answer from the mac feed', 'feed/mac: timeout'],
    [1400, 'consumer posts that are not JSON', 'posts/m365Consumer: malformed'],
    [1450, 'a ppac feed that is not XML', 'feed/ppac: malformed'],
    [1500, 'the SPA shell in place of the mac post', 'posts/mac: malformed'],
    [1550, 'the SPA shell in place of the mac feed', 'feed/mac: malformed'],
  ])('at %i s, keeps the other endpoints despite %s', async (offset, _case, failed) => {
    upstreams.at(offset);
    const result = await poll(statusSite());
    expect(result.partial).toMatch(new RegExp(`^${failed}: `));
    const endpointOf = (signal: (typeof result.signals)[number]) =>
      signal.kind === 'statusSite.feedItem'
        ? `feed/${signal.externalId}`
        : signal.externalId.includes(':')
          ? 'posts/m365Consumer'
          : 'posts/mac';
    const endpoints = new Set(result.signals.map(endpointOf));
    expect([...endpoints].sort()).toEqual(
      ['feed/mac', 'feed/ppac', 'posts/m365Consumer', 'posts/mac'].filter((e) => e !== failed.split(':')[0]),
    );
  });

  it('names the endpoint that served a web page', async () => {
    upstreams.at(1500);
    expect((await poll(statusSite())).partial).toBe(
      'posts/mac: malformed: Status site GET /api/posts/mac: an HTML page instead of JSON',
    );
  });

  it('fails as throttled on a 429 with no Retry-After, and does not ask again for a while', async () => {
    const connector = statusSite();
    upstreams.at(1100);
    expect(await pollFailure(connector)).toMatchObject({ kind: 'throttled', retryAfterMs: 60_000 });
    upstreams.at(1120);
    expect(await pollFailure(connector)).toMatchObject({ kind: 'throttled', pollStats: { requests: 0 } });
  });
});
