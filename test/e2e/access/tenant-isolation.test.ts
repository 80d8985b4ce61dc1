import type { RunningBeacon } from '#runtime';
import path from 'node:path';
import { createTestDatabase, graphIssueSignal, type TestDatabase, xPostSignal } from '#testing';
import { ApiKeyAdminService } from '../../../apps/api/src/auth/api-key-admin.service.js';
import { graphql, query, startApi, testConfig } from '../api/support/api-client.js';
import { TestIngestor } from '../api/support/ingestor.js';
import { CONTOSO, FABRIKAM, seedMorning } from '../api/support/scenario.js';
import { tenantsFile } from '../api/support/tenants-file.js';
import { firstEvent, nextMatching, subscribe, wsClient } from '../api/support/ws-client.js';

/**
 * Keys × tenants × operations: what each key sees of the morning of scenario.ts, through queries, the
 * status page's own documents and subscriptions. The morning: EX1190001 (both tenants), SP1190002 and
 * OD1190005 (Contoso's), TM1190003 (Fabrikam's), MO1190004 (provisional: only X knows it).
 */
const BOOTSTRAP = 'bootstrap-admin-key-0123456789';
/** The status page's own documents (plain JavaScript, no types: read at run time). */
const PAGE_QUERIES = path.join(process.cwd(), 'apps/api/public/js/queries.js');
let DASHBOARD: string;
let INCIDENT: string;

const ALL_INCIDENTS = ['EX1190001', 'MO1190004', 'OD1190005', 'SP1190002', 'TM1190003'];

interface Expectation {
  /** The incidents of the key's default view, `incidents(filter: {tenantId})` for each tenant it reads. */
  views: Record<string, string[]>;
  /** Every incident `incident(id)` finds for the key. */
  found: string[];
  /** What `EX1190001.tenantIds` shows it. */
  exchangeTenants: string[];
  /** Graph sources it sees. */
  graphSources: string[];
}

const MATRIX: Record<'admin' | 'contoso' | 'fabrikam' | 'both', Expectation> = {
  admin: {
    views: {
      [CONTOSO]: ['EX1190001', 'MO1190004', 'OD1190005', 'SP1190002'],
      [FABRIKAM]: ['EX1190001', 'MO1190004', 'TM1190003'],
    },
    found: ALL_INCIDENTS,
    exchangeTenants: [CONTOSO, FABRIKAM],
    graphSources: [CONTOSO, FABRIKAM],
  },
  contoso: {
    views: { [CONTOSO]: ['EX1190001', 'MO1190004', 'OD1190005', 'SP1190002'] },
    found: ['EX1190001', 'MO1190004', 'OD1190005', 'SP1190002'],
    exchangeTenants: [CONTOSO],
    graphSources: [CONTOSO],
  },
  fabrikam: {
    views: { [FABRIKAM]: ['EX1190001', 'MO1190004', 'TM1190003'] },
    found: ['EX1190001', 'MO1190004', 'TM1190003'],
    exchangeTenants: [FABRIKAM],
    graphSources: [FABRIKAM],
  },
  both: {
    views: {
      [CONTOSO]: ['EX1190001', 'MO1190004', 'OD1190005', 'SP1190002'],
      [FABRIKAM]: ['EX1190001', 'MO1190004', 'TM1190003'],
    },
    found: ALL_INCIDENTS,
    exchangeTenants: [CONTOSO, FABRIKAM],
    graphSources: [CONTOSO, FABRIKAM],
  },
};
type KeyName = keyof typeof MATRIX;

describe('tenant isolation: keys × tenants × operations', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;
  let ingestor: TestIngestor;
  const keys = {} as Record<KeyName, string>;
  const headers = (name: KeyName) => ({ authorization: `Bearer ${keys[name]}` });

  beforeAll(async () => {
    ({ DASHBOARD, INCIDENT } = (await import(PAGE_QUERIES)) as { DASHBOARD: string; INCIDENT: string });
    database = await createTestDatabase();
    const config = testConfig(database.url, {
      TENANTS_FILE: tenantsFile(CONTOSO, FABRIKAM),
      API_KEYS: BOOTSTRAP,
    });
    ingestor = await TestIngestor.start(config, database.url);
    await seedMorning(ingestor);
    beacon = await startApi(config);
    const admin = beacon.app.get(ApiKeyAdminService);
    keys.admin = BOOTSTRAP;
    keys.contoso = (
      await admin.create({ name: 'contoso desk', role: 'viewer', tenantIds: [CONTOSO] }, 'test')
    ).key;
    keys.fabrikam = (
      await admin.create({ name: 'fabrikam desk', role: 'viewer', tenantIds: [FABRIKAM] }, 'test')
    ).key;
    keys.both = (
      await admin.create({ name: 'msp', role: 'analyst', tenantIds: [CONTOSO, FABRIKAM] }, 'test')
    ).key;
  });

  afterAll(async () => {
    await beacon?.close();
    await ingestor?.close();
    await database.drop();
  });

  const incidentsIn = async (name: KeyName, tenantId?: string) => {
    const data = await query(
      beacon.url,
      'query($f: IncidentFilter) { incidents(filter: $f, first: 100) { totalCount edges { node { id } } } }',
      { f: tenantId ? { tenantId } : null },
      headers(name),
    );
    const ids = data.incidents.edges.map((edge: { node: { id: string } }) => edge.node.id).sort();
    expect(data.incidents.totalCount).toBe(ids.length);
    return ids;
  };

  describe.each(Object.keys(MATRIX) as KeyName[])('the %s key', (name) => {
    const expected = MATRIX[name];

    it('lists the incidents of each tenant it reads, its first tenant by default', async () => {
      for (const [tenantId, ids] of Object.entries(expected.views)) {
        expect({ tenantId, ids: await incidentsIn(name, tenantId) }).toEqual({ tenantId, ids });
      }
      expect(await incidentsIn(name)).toEqual(Object.values(expected.views)[0]);
    });

    it('finds by id only the incidents it may see, and shows only its tenants in tenantIds', async () => {
      const found: string[] = [];
      for (const id of ALL_INCIDENTS) {
        const data = await query(
          beacon.url,
          'query($id: ID!) { incident(id: $id) { id tenantIds } }',
          { id },
          headers(name),
        );
        if (data.incident) found.push(data.incident.id);
        if (id === 'EX1190001') expect(data.incident.tenantIds).toEqual(expected.exchangeTenants);
        if (id === 'MO1190004') expect(data.incident.tenantIds).toEqual([]);
      }
      expect(found).toEqual(expected.found);
    });

    it('shows only the Graph sources and message tenants of its tenants', async () => {
      const data = await query(
        beacon.url,
        '{ sources { channel tenantId } messages(first: 100) { edges { node { tenantIds } } } }',
        {},
        headers(name),
      );
      const graph = data.sources
        .filter((source: { channel: string }) => source.channel === 'GRAPH')
        .map((source: { tenantId: string }) => source.tenantId)
        .sort();
      expect(graph).toEqual(expected.graphSources.filter((id) => id === CONTOSO || id === FABRIKAM));
      const readable = new Set(Object.keys(expected.views));
      for (const edge of data.messages.edges as Array<{ node: { tenantIds: string[] } }>) {
        expect(edge.node.tenantIds.every((id) => readable.has(id))).toBe(true);
      }
    });

    it("answers the status page's own documents within its tenants", async () => {
      for (const [tenantId, ids] of Object.entries(expected.views)) {
        const data = await query(
          beacon.url,
          DASHBOARD,
          { tenantId, active: { tenantId, active: true } },
          headers(name),
        );
        const shown = data.incidents.edges.map((edge: { node: { id: string } }) => edge.node.id).sort();
        const active = ids.filter((id) => id !== 'SP1190002');
        expect({ tenantId, shown }).toEqual({ tenantId, shown: active });
        expect(
          data.sources.every(
            (s: { tenantId: string | null }) => s.tenantId === null || s.tenantId in expected.views,
          ),
        ).toBe(true);
      }
      for (const id of ALL_INCIDENTS) {
        const data = await query(beacon.url, INCIDENT, { id, tenantId: null }, headers(name));
        expect({ id, shown: data.incident !== null }).toEqual({ id, shown: expected.found.includes(id) });
      }
    });

    it('gets the same answer for a tenant it may not read as for one that does not exist', async () => {
      const refusal = async (tenantId: string) => {
        const response = await graphql(
          beacon.url,
          'query($t: ID) { services(tenantId: $t) { id } }',
          { t: tenantId },
          headers(name),
        );
        const [error] = response.errors ?? [];
        return { code: error?.extensions?.code, message: error?.message.replace(tenantId, '<tenant>') };
      };
      const unknown = await refusal('nobody.onmicrosoft.com');
      expect(unknown.code).toBe('BAD_USER_INPUT');
      expect(unknown.message).not.toContain(CONTOSO);
      expect(unknown.message).not.toContain(FABRIKAM);
      for (const tenantId of [CONTOSO, FABRIKAM].filter((id) => !(id in expected.views))) {
        expect(await refusal(tenantId)).toEqual(unknown);
      }
    });
  });

  it('exports only the incidents of the key’s tenants, to analysts only', async () => {
    const admin = beacon.app.get(ApiKeyAdminService);
    const analyst = (
      await admin.create({ name: 'fabrikam analyst', role: 'analyst', tenantIds: [FABRIKAM] }, 'test')
    ).key;
    const exported = async (key: string, query = '') => {
      const response = await fetch(`${beacon.url}/export/incidents.ndjson${query}`, {
        headers: { authorization: `Bearer ${key}` },
      });
      const text = await response.text();
      return { status: response.status, text };
    };
    const ids = (text: string) =>
      text
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { id: string }).id)
        .sort();

    const own = await exported(analyst);
    expect(own.status).toBe(200);
    expect(ids(own.text)).toEqual(MATRIX.fabrikam.views[FABRIKAM]);
    const forbidden = await exported(analyst, `?tenantId=${CONTOSO}`);
    const unknown = await exported(analyst, '?tenantId=nobody.onmicrosoft.com');
    expect(forbidden.status).toBe(400);
    expect(forbidden.text.replace(CONTOSO, '<t>')).toBe(
      unknown.text.replace('nobody.onmicrosoft.com', '<t>'),
    );
    expect((await exported(keys.fabrikam)).status).toBe(403);
  });

  it('delivers subscription events only for incidents in the view of the subscribing key', async () => {
    let posts = 0;
    const marker = () => {
      posts += 1;
      return ingestor.ingest(
        [
          xPostSignal(
            `iso-${posts}`,
            `We're investigating delays in Exchange Online. EX17100${posts}`,
            new Date(),
          ),
        ],
        new Date(),
      );
    };
    const document = 'subscription { incidentUpdated { id tenantIds } }';
    type Event = { incidentUpdated: { id: string; tenantIds: string[] } };
    const listeners = (['contoso', 'fabrikam'] as const).map((name) => {
      const client = wsClient(beacon.url, { connectionParams: headers(name) });
      return { name, client, subscription: subscribe<Event>(client, document) };
    });
    try {
      for (const { subscription } of listeners) await firstEvent(subscription, marker);
      const at = new Date();
      // A new post on Fabrikam's Teams incident, then on the incident both tenants have, then a marker.
      await ingestor.ingest(
        [
          graphIssueSignal(FABRIKAM, {
            id: 'TM1190003',
            service: 'Microsoft Teams',
            status: 'serviceInterruption',
            lastModifiedDateTime: at.toISOString(),
            posts: [{ createdDateTime: at.toISOString(), content: 'Current status: still reverting.' }],
          }),
        ],
        at,
      );
      await marker();
      const lastMarker = `EX17100${posts}`;
      const heard = async (subscription: (typeof listeners)[number]['subscription']) => {
        const ids: string[] = [];
        await nextMatching(subscription, (event) => {
          ids.push(event.incidentUpdated.id);
          return event.incidentUpdated.id === lastMarker;
        });
        return ids.filter((id) => !id.startsWith('EX171'));
      };
      expect(await heard(listeners[0]!.subscription)).toEqual([]);
      expect(await heard(listeners[1]!.subscription)).toEqual(['TM1190003']);
    } finally {
      for (const { subscription, client } of listeners) {
        await subscription.close();
        await client.dispose();
      }
    }
  });
});
