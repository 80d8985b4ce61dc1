import type { ScenarioInput } from '../scenario/scenario.schema.js';
import { startSimulator, type RunningSimulator } from '../simulator.js';
import { fetchGraphToken, trustSimulatorCertificate } from '../testing/real-clients.js';
import { collectionBody } from './graph-page.js';
import { selectProperties, skipToken } from './graph-query.js';
import { GRAPH_JSON } from './graph.responses.js';
import { GraphWorld } from './graph.world.js';

// Text beyond ASCII, so that a byte count and a character count differ.
const WORDS = ['délai', 'Störung', '東京', '🙂', 'a "quoted" \\ word', 'line\nbreak'];

const scenario: ScenarioInput = {
  name: 'graph-page-spec',
  startsAt: '2026-11-20T10:00:00Z',
  tenants: [{ name: 'contoso' }, { name: 'fabrikam' }],
  graph: {
    issues: Array.from({ length: 40 }, (_, index) => ({
      id: `EX${1_200_000 + index}`,
      // A third each: both tenants, contoso only, fabrikam only.
      ...(index % 3 === 0 ? {} : { tenants: [index % 3 === 1 ? 'contoso' : 'fabrikam'] }),
      service: 'Exchange Online',
      title: `Users may see ${WORDS[index % WORDS.length]} (${index})`,
      startDateTime: -3600 * (index + 1),
      updates: [
        {
          at: -3600 * index - 1800,
          status: 'investigating',
          post: `Current status: ${WORDS[index % WORDS.length]}.`,
        },
        // Some change later on the story's clock.
        ...(index % 4 === 0 ? [{ at: 60, status: 'serviceRestored', post: 'Final status: restored.' }] : []),
      ],
    })),
    messages: [
      {
        id: 'MC1180442',
        at: '-18d',
        title: 'Microsoft Teams: réglage de rétention',
        category: 'planForChange',
        services: ['Microsoft Teams'],
        body: '<p>東京 — “quoted”.</p>',
        endDateTime: '100d',
        updates: [{ at: 60, title: '(Updated) Microsoft Teams: réglage de rétention' }],
      },
      {
        id: 'MC1180443',
        tenants: ['fabrikam'],
        at: '-2d',
        title: 'Exchange Online: a change',
        category: 'stayInformed',
        services: ['Exchange Online'],
        body: '<p>Plain.</p>',
        endDateTime: '30d',
      },
    ],
  },
  faults: [{ channel: 'graph', kind: 'malformed', endpoints: ['issues'], tenants: ['fabrikam'], from: 200 }],
};

type Collection = 'issues' | 'messages';
interface PageQuery {
  since?: number;
  select?: string[];
  pageSize: number;
}

describe(collectionBody.name, () => {
  let simulator: RunningSimulator;
  let distrust: () => void;
  const tokens: Record<string, string> = {};

  const tenant = (name: string) => {
    const found = simulator.scenario.tenants.find((t) => t.name === name);
    if (!found) throw new Error(`no tenant ${name}`);
    return found;
  };
  const root = () => `${simulator.urls.graph}/v1.0/admin/serviceAnnouncement`;

  /** What the handler sent before it kept any JSON: one `JSON.stringify` of the page, from a world of its own. */
  const expectedPage = (collection: Collection, name: string, query: PageQuery, skip: number): string => {
    const world = new GraphWorld(simulator.scenario);
    const moment = simulator.timeline.moment();
    const items: readonly { lastModifiedDateTime: string }[] =
      collection === 'issues' ? world.issues(tenant(name), moment) : world.messages(tenant(name), moment);
    const { since, select, pageSize } = query;
    const matching =
      since === undefined ? items : items.filter((item) => Date.parse(item.lastModifiedDateTime) >= since);
    const end = skip + pageSize;
    const next =
      end < matching.length
        ? `${root()}/${collection}?$skiptoken=${skipToken({ modifiedSinceMs: since, select, pageSize, skip }, end)}`
        : undefined;
    return JSON.stringify({
      '@odata.context': `${simulator.urls.graph}/v1.0/$metadata#admin/serviceAnnouncement/${collection}`,
      ...(next === undefined ? {} : { '@odata.nextLink': next }),
      value: matching.slice(skip, end).map((item) => selectProperties(item, select)),
    });
  };

  const get = (url: string, name: string, prefer?: string) =>
    fetch(url, {
      headers: { authorization: `Bearer ${tokens[name]}`, ...(prefer === undefined ? {} : { prefer }) },
    });

  /** Follows the next links from `url`; every page's bytes and headers must be what the old handler sent. */
  const expectServedAsBefore = async (
    collection: Collection,
    name: string,
    url: string,
    query: PageQuery,
    prefer?: string,
  ): Promise<number> => {
    let next: string | undefined = url;
    let pages = 0;
    while (next !== undefined) {
      const response = await get(next, name, prefer);
      const bytes = Buffer.from(await response.arrayBuffer());
      const expected = expectedPage(collection, name, query, pages * query.pageSize);

      expect(response.status).toBe(200);
      expect(bytes.toString('utf8')).toBe(expected);
      expect(bytes.equals(Buffer.from(expected))).toBe(true);
      expect(response.headers.get('content-type')).toBe(GRAPH_JSON);
      expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(expected)));
      expect(response.headers.get('preference-applied')).toBe(
        prefer === undefined ? null : `odata.maxpagesize=${query.pageSize}`,
      );
      next = (JSON.parse(expected) as { '@odata.nextLink'?: string })['@odata.nextLink'];
      pages += 1;
    }
    return pages;
  };

  beforeAll(async () => {
    simulator = await startSimulator({ scenario });
    distrust = trustSimulatorCertificate(simulator);
    for (const name of ['contoso', 'fabrikam']) {
      const response = await fetchGraphToken(simulator, tenant(name));
      tokens[name] = ((await response.json()) as { access_token: string }).access_token;
    }
  });
  afterAll(async () => {
    distrust();
    await simulator.stop();
  });
  beforeEach(() => simulator.timeline.advanceTo(0));

  it('serves each tenant its issues as one JSON.stringify of the page, byte for byte', async () => {
    for (const name of ['contoso', 'fabrikam', 'contoso']) {
      const pages = await expectServedAsBefore('issues', name, `${root()}/issues`, { pageSize: 100 });
      expect(pages).toBe(1);
    }
  });

  it('pages with $top and $select, across both tenants, as before', async () => {
    const select = ['title', 'id', 'posts'];
    for (const name of ['fabrikam', 'contoso']) {
      const url = `${root()}/issues?$top=4&$select=${select.join(',')}`;
      const pages = await expectServedAsBefore('issues', name, url, { select, pageSize: 4 });
      expect(pages).toBeGreaterThan(3);
      // The whole items, after the selected ones of the same states.
      await expectServedAsBefore('issues', name, `${root()}/issues?$top=4`, { pageSize: 4 });
    }
  });

  it('filters and honours odata.maxpagesize as before', async () => {
    const since = Date.parse('2026-11-20T00:00:00Z');
    const url = `${root()}/issues?$filter=lastModifiedDateTime ge 2026-11-20T00:00:00Z`;
    const pages = await expectServedAsBefore(
      'issues',
      'contoso',
      url,
      { since, pageSize: 3 },
      'odata.maxpagesize=3',
    );
    expect(pages).toBeGreaterThan(1);
  });

  it('serves messages as before, the same state to both tenants', async () => {
    for (const name of ['contoso', 'fabrikam']) {
      await expectServedAsBefore('messages', name, `${root()}/messages`, { pageSize: 100 });
      await expectServedAsBefore('messages', name, `${root()}/messages?$select=id,body`, {
        select: ['id', 'body'],
        pageSize: 100,
      });
    }
  });

  it('serves the new state once the timeline moves, never the one served before', async () => {
    const before = await (await get(`${root()}/issues`, 'contoso')).text();
    const messageBefore = await (await get(`${root()}/messages`, 'contoso')).text();

    simulator.timeline.advanceTo(60);
    await expectServedAsBefore('issues', 'contoso', `${root()}/issues`, { pageSize: 100 });
    await expectServedAsBefore('messages', 'contoso', `${root()}/messages`, { pageSize: 100 });
    expect(await (await get(`${root()}/issues`, 'contoso')).text()).not.toBe(before);
    expect(await (await get(`${root()}/messages`, 'contoso')).text()).not.toBe(messageBefore);

    simulator.timeline.advanceTo(0);
    expect(await (await get(`${root()}/issues`, 'contoso')).text()).toBe(before);
  });

  it('still breaks a page under a malformed fault: the first 60% of the same bytes', async () => {
    simulator.timeline.advanceTo(200);
    const response = await get(`${root()}/issues`, 'fabrikam');
    const expected = Buffer.from(expectedPage('issues', 'fabrikam', { pageSize: 100 }, 0));

    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(
      expected.subarray(0, Math.ceil(expected.length * 0.6)),
    );
  });
});
