import { loadConfig } from '#config';
import { RebuildService } from '#correlation';
import { startBeacon, type RunningBeacon } from '#runtime';
import {
  createTestDatabase,
  derivedState,
  startTestSimulator,
  type TestDatabase,
  type TestSimulator,
} from '#testing';
import { pino } from 'pino';
import { DataSource } from 'typeorm';
import { ApiModule } from '../../../apps/api/src/api.module.js';
import { IngestorModule } from '../../../apps/ingestor/src/ingestor.module.js';
import { query } from '../api/support/api-client.js';

/**
 * The correlation rules of issue 10, item 4, each told as a small simulator story and played through the
 * real pipeline (connectors, ingestion, correlator, API): what GraphQL shows is what is asserted.
 */
interface Incident {
  id: string;
  aliases: string[];
  provisional: boolean;
  isResolved: boolean;
  level: string;
  serviceName: string | null;
  service: { id: string } | null;
  updates: Array<{ channel: string; text: string }>;
}
interface ServiceStatus {
  id: string;
  status: { status: string; channel: string };
}
interface View {
  incidents: { edges: Array<{ node: Incident }> };
  services: ServiceStatus[];
}
const VIEW = `{
  services { id status { status channel } }
  incidents(first: 50) {
    edges { node { id aliases provisional isResolved level serviceName service { id } updates { channel text } } }
  }
}`;

interface Story {
  /** Moves the story to `seconds`, then waits until the incidents Beacon shows satisfy `expectation`. */
  at(
    seconds: number,
    expectation: (incidents: Incident[], services: ServiceStatus[]) => void,
  ): Promise<Incident[]>;
  beacon: RunningBeacon;
  close(): Promise<void>;
}

async function play(scenario: string): Promise<Story> {
  const database: TestDatabase = await createTestDatabase();
  const simulator: TestSimulator = await startTestSimulator(scenario);
  const config = loadConfig({
    ...simulator.env,
    DATABASE_URL: database.url,
    GRAPH_POLL_SECONDS: '1',
    STATUS_SITE_POLL_SECONDS: '1',
    X_POLL_SECONDS: '1',
    POLL_TIMEOUT_SECONDS: '2',
  });
  config.http.port = 0;
  const beacon = await startBeacon({
    config,
    logger: pino({ level: 'silent' }),
    features: [ApiModule, IngestorModule],
  });
  return {
    beacon,
    async at(seconds, expectation) {
      simulator.timeline.advanceTo(seconds);
      let lastError: unknown;
      for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
        const view = await query<View>(beacon.url, VIEW);
        const incidents = view.incidents.edges.map(({ node }) => node);
        try {
          expectation(incidents, view.services);
          return incidents;
        } catch (error) {
          lastError = error;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
      throw lastError;
    },
    async close() {
      await beacon.close();
      await simulator.stop();
      await database.drop();
    },
  };
}

const byId = (incidents: Incident[], id: string) => incidents.find((incident) => incident.id === id);
const channels = (incident: Incident | undefined) => incident?.updates.map((update) => update.channel);
const provisionalOf = (incidents: Incident[], serviceId: string) =>
  incidents.filter((incident) => incident.provisional && incident.service?.id === serviceId);

describe('a cold start during an outage (cold-start-outage)', () => {
  let story: Story;
  beforeAll(async () => {
    story = await play('cold-start-outage');
  });
  afterAll(() => story?.close());

  let teamsOpener: Incident;
  let exchangeOpener: Incident;

  it('while Graph is dark, X’s posts without ids open provisional incidents of their services', async () => {
    const incidents = await story.at(60, (incidents) => {
      expect(incidents).toHaveLength(2);
      expect(provisionalOf(incidents, 'microsoftteams')).toHaveLength(1);
      expect(provisionalOf(incidents, 'Exchange')).toHaveLength(1);
    });
    teamsOpener = provisionalOf(incidents, 'microsoftteams')[0]!;
    exchangeOpener = provisionalOf(incidents, 'Exchange')[0]!;
    expect(teamsOpener.id).toMatch(/^BCN-/);
    expect(channels(teamsOpener)).toEqual(['X']);
  });

  it('when Graph answers, the Teams opener joins the current Teams issue, not the one resolved nine days ago', async () => {
    const incidents = await story.at(150, (incidents) => {
      expect(byId(incidents, 'TM1201733')).toMatchObject({ provisional: false, isResolved: false });
      expect(byId(incidents, 'TM1190212')).toMatchObject({ provisional: false, isResolved: true });
    });
    const current = byId(incidents, 'TM1201733')!;
    expect(current.aliases).toEqual([teamsOpener.id]);
    expect(channels(current)).toEqual(expect.arrayContaining(['GRAPH', 'X']));
    expect(byId(incidents, teamsOpener.id)).toBeUndefined();
    const old = byId(incidents, 'TM1190212')!;
    expect(old.aliases).toEqual([]);
    expect(channels(old)).toEqual(['GRAPH', 'GRAPH']);
  });

  it('the Exchange opener, which no Graph issue matches, stays provisional', async () => {
    const incidents = await story.at(150, (incidents) => expect(incidents).toHaveLength(3));
    expect(byId(incidents, exchangeOpener.id)).toMatchObject({
      provisional: true,
      aliases: [],
      service: { id: 'Exchange' },
    });
  });

  it('and a rebuild from the raw signals gives exactly what live ingestion produced', async () => {
    const dataSource = story.beacon.app.get(DataSource);
    const live = await derivedState(dataSource);
    await story.beacon.app.get(RebuildService, { strict: false }).rebuild();
    expect(await derivedState(dataSource)).toEqual(live);
  });
});

describe('an SP… id first seen on the status site (status-site-id-prefix)', () => {
  let story: Story;
  beforeAll(async () => {
    story = await play('status-site-id-prefix');
  });
  afterAll(() => story?.close());

  it('is filed under SharePoint Online, as its prefix says, not under the admin center’s suite', async () => {
    await story.at(60, (incidents) => {
      expect(incidents).toHaveLength(1);
      expect(incidents[0]).toMatchObject({
        id: 'SP1201844',
        provisional: true,
        service: { id: 'SharePoint' },
        serviceName: 'SharePoint Online',
      });
      expect(channels(incidents[0])).toEqual(['STATUS_SITE']);
    });
  });
});

describe('a post citing a KB number (kb-number)', () => {
  let story: Story;
  beforeAll(async () => {
    story = await play('kb-number');
  });
  afterAll(() => story?.close());

  it('opens no incident; the later post citing an incident id does', async () => {
    await story.at(90, (incidents) => {
      expect(incidents.map((incident) => incident.id)).toEqual(['EX1201902']);
    });
  });
});

describe('a post without an id naming one service (post-names-other-service)', () => {
  let story: Story;
  beforeAll(async () => {
    story = await play('post-names-other-service');
  });
  afterAll(() => story?.close());

  let teams: Incident;

  it('opens an incident of its own service instead of joining the open Exchange or suite incident', async () => {
    const incidents = await story.at(90, (incidents) => {
      expect(provisionalOf(incidents, 'microsoftteams')).toHaveLength(1);
      expect(byId(incidents, 'EX1201960')).toBeDefined();
      expect(provisionalOf(incidents, 'OSDPPlatform')).toHaveLength(1);
    });
    teams = provisionalOf(incidents, 'microsoftteams')[0]!;
    expect(channels(teams)).toEqual(['X']);
    expect(channels(byId(incidents, 'EX1201960'))).not.toContain('X');
    expect(channels(provisionalOf(incidents, 'OSDPPlatform')[0])).toEqual(['STATUS_SITE']);
    expect(incidents).toHaveLength(3);
  });

  it('and its follow-up, naming the same service, joins that incident', async () => {
    const incidents = await story.at(150, (incidents) => {
      expect(channels(byId(incidents, teams.id))).toEqual(['X', 'X']);
    });
    expect(incidents).toHaveLength(3);
    expect(channels(byId(incidents, 'EX1201960'))).not.toContain('X');
    expect(channels(provisionalOf(incidents, 'OSDPPlatform')[0])).toEqual(['STATUS_SITE']);
  });
});

describe('a status-site incident opened without an id (status-site-restores-own)', () => {
  let story: Story;
  beforeAll(async () => {
    story = await play('status-site-restores-own');
  });
  afterAll(() => story?.close());

  let opened: Incident;

  it('opens a provisional incident of the Microsoft 365 suite', async () => {
    [opened] = (await story.at(60, (incidents) => {
      expect(incidents).toHaveLength(1);
      expect(incidents[0]).toMatchObject({
        provisional: true,
        isResolved: false,
        service: { id: 'OSDPPlatform' },
      });
    })) as [Incident];
  });

  it('is resolved by the site’s own "Service restored" post', async () => {
    await story.at(150, (incidents) => {
      expect(incidents).toHaveLength(1);
      expect(incidents[0]).toMatchObject({ id: opened.id, provisional: true, isResolved: true });
      expect(channels(incidents[0])).toEqual(['STATUS_SITE', 'STATUS_SITE']);
    });
  });

  it('and stays resolved when the site goes back to "Available"', async () => {
    // The quiet post is evidence of the suite's status, nothing more.
    const incidents = await story.at(230, (_, services) => {
      expect(services.find((service) => service.id === 'OSDPPlatform')?.status).toEqual({
        status: 'Available',
        channel: 'STATUS_SITE',
      });
    });
    expect(incidents).toEqual([expect.objectContaining({ id: opened.id, isResolved: true })]);
    expect(channels(incidents[0])).toEqual(['STATUS_SITE', 'STATUS_SITE']);
  });
});
