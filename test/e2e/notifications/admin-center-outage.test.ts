import { loadConfig, Secret } from '#config';
import { sealTargetSecrets } from '#notifications';
import {
  createDataSource,
  NotificationRuleEntity,
  NotificationTargetEntity,
  type NotificationTargetKind,
} from '#persistence';
import { startBeacon, type RunningBeacon } from '#runtime';
import { createTestDatabase, startTestSimulator, type TestDatabase, type TestSimulator } from '#testing';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import { ApiModule } from '../../../apps/api/src/api.module.js';
import { IngestorModule } from '../../../apps/ingestor/src/ingestor.module.js';
import type { ReceivedEmail } from '../../../apps/simulator/src/receivers/smtp-receiver.js';

/**
 * The `admin-center-outage` story through the whole pipeline (connectors, ingestion, the correlator and its
 * outbox, the ingestor's dispatcher) to the simulator's receivers: the exact messages each target got, in
 * order, each once.
 */
/** Beacon's TENANT_CREDENTIALS_KEY: the targets' secrets are stored sealed under it. */
const SECRETS_KEY = new Secret(Buffer.alloc(32, 5).toString('base64'));

describe('notifications of the admin-center-outage story', () => {
  let database: TestDatabase;
  let simulator: TestSimulator;
  let beacon: RunningBeacon;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    simulator = await startTestSimulator('admin-center-outage');
    const urls = simulator.simulator.urls;
    const config = loadConfig({
      ...simulator.env,
      DATABASE_URL: database.url,
      GRAPH_POLL_SECONDS: '1',
      STATUS_SITE_POLL_SECONDS: '1',
      X_POLL_SECONDS: '1',
      POLL_TIMEOUT_SECONDS: '2',
      // Changes within 3 s of each other (one event seen by several channels' polls) are one message.
      NOTIFY_HOLD_SECONDS: '3',
      NOTIFY_POLL_MS: '100',
      SLACK_API_BASE_URL: `${urls.receivers}/slack/api`,
      TENANT_CREDENTIALS_KEY: SECRETS_KEY.reveal(),
    });
    config.http.port = 0;
    // The targets exist before Beacon starts: they hear of everything from its first step.
    dataSource = createDataSource(database.url);
    await dataSource.initialize();
    const manager = dataSource.manager;
    const add = async (kind: NotificationTargetKind, settings: object, secrets: Record<string, string>) => {
      const id = randomUUID();
      const sealed = sealTargetSecrets(secrets, SECRETS_KEY, id);
      const target = await manager.save(
        manager.create(NotificationTargetEntity, { id, name: kind, kind, config: settings, secrets: sealed }),
      );
      await manager.save(
        manager.create(NotificationRuleEntity, {
          targetId: target.id,
          events: ['incident_created', 'incident_updated', 'status_changed', 'incident_resolved'],
        }),
      );
    };
    await add('webhook', {}, { url: `${urls.receivers}/webhooks/ops`, hmacSecret: 'whsec' });
    await add('teams', {}, { url: `${urls.receivers}/teams/ops` });
    await add('slack_bot', { channel: 'C-OPS' }, { token: simulator.receivers.slackBotToken });
    await add(
      'email',
      {
        host: urls.smtp.host,
        port: urls.smtp.port,
        from: 'beacon@contoso.example',
        to: ['ops@contoso.example'],
      },
      {},
    );
    beacon = await startBeacon({
      config,
      logger: pino({ level: 'silent' }),
      features: [ApiModule, IngestorModule],
    });
  });

  afterAll(async () => {
    await beacon?.close();
    await dataSource?.destroy();
    await simulator?.stop();
    await database?.drop();
  });

  /**
   * Moves the story to `seconds`, then waits until Beacon has heard all of it and said all it will: every
   * source has finished a poll begun after the move (a failed one too: the failure is the story; a source
   * backing off after failures polls again within 8 s here), the correlator has folded every stored signal,
   * and the outbox has nothing left to send or hold. So no change of one step can land in the burst of the
   * next one's, whatever the load: what each target hears does not depend on poll timing.
   */
  async function settle(seconds: number): Promise<void> {
    simulator.timeline.advanceTo(seconds);
    const moved = new Date();
    let last = '';
    for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const [row] = (await dataSource.query(
        `SELECT (SELECT count(*) FROM sources s WHERE s.state <> 'DISABLED' AND NOT EXISTS (
                   SELECT 1 FROM poll_runs r
                   WHERE r.source_id = s.id AND r.started_at > $1 AND r.finished_at IS NOT NULL))::int AS unpolled,
                NOT EXISTS (SELECT 1 FROM raw_signals s WHERE NOT EXISTS (
                   SELECT 1 FROM correlation_cursor c WHERE (s.observed_at, s.id) <= (c.last_observed_at, c.last_id)
                )) AS folded,
                (SELECT count(*) FROM notification_deliveries WHERE state = 'pending')::int AS pending`,
        [moved],
      )) as [{ unpolled: number; folded: boolean; pending: number }];
      last = JSON.stringify(row);
      if (row.unpolled === 0 && row.folded && row.pending === 0) return;
    }
    throw new Error(`Beacon did not settle at ${seconds} s: ${last}`);
  }

  type Body = {
    event: string;
    incident?: { reference: string; status: string; isResolved: boolean };
    update?: { id: string } | null;
    /** How many older changes of the incident this message stands for (a burst). */
    coalesced: number;
    serviceId?: string;
    tenantId?: string;
    level?: string;
  };
  const received = (target: string) => simulator.receivers.inbox.messages(target);
  const webhook = () => received('/webhooks/ops').map((m) => m.body as Body);
  const LABEL: Record<string, string> = {
    incident_created: 'New incident',
    incident_updated: 'Update',
    status_changed: 'Status changed',
    incident_resolved: 'Resolved',
  };

  /** What each incident's messages said, in order: the event and the incident's status then. */
  const EXPECTED: Record<string, string[]> = {
    // In progress when Beacon starts; X's word after Graph's resolution is an update. The review of a
    // day-old incident (SP1198870) is history: nothing.
    EX1201458: [
      'incident_created serviceDegradation',
      'incident_resolved serviceRestored',
      'incident_updated serviceRestored',
    ],
    // First seen on the status site (provisional) and X during the outage, then Graph's record: its
    // version of 185 s when Graph returns at 260 s, then that of 265 s.
    MO1201511: [
      'incident_created serviceDegradation',
      'incident_updated serviceDegradation',
      'status_changed investigating',
      'status_changed serviceInterruption',
      'status_changed restoringService',
      'incident_updated restoringService',
      'incident_resolved serviceRestored',
      'incident_updated serviceRestored',
      'status_changed postIncidentReviewPublished',
    ],
    // Carried by X during the outage, then merged into Graph's record.
    TM1201502: [
      'incident_created serviceDegradation',
      'incident_updated serviceDegradation',
      'incident_resolved serviceRestored',
      'status_changed postIncidentReviewPublished',
    ],
  };

  const sequences: Record<string, string[]> = {};
  const changesOf = (reference: string) => sequences[reference]?.length ?? 0;

  it('plays the story: every change of every incident reaches the webhook once, in order', async () => {
    // Event by event, each settled before the next (see settle): each step's changes are heard and sent
    // before the next step's happen, so no two steps' changes form a burst, whatever the load.
    await settle(0);
    for (const step of simulator.timeline.steps) await settle(step.at);
    for (const m of webhook()) {
      if (m.incident) (sequences[m.incident.reference] ??= []).push(`${m.event} ${m.incident.status}`);
    }
    expect(sequences).toEqual(EXPECTED);
    // A message may still stand for older deliveries of the same change (a second tenant listing an
    // incident in the next step is folded into the message it owes, as a burst is): the sequences above
    // are exact whatever the grouping, and the last message of each is checked against the database below.
    // Each incident's last message carries its current state: its status and its newest update.
    const current: Array<{ reference: string; status: string; is_resolved: boolean; update_id: string }> =
      await dataSource.query(
        `SELECT i.reference, i.status, i.is_resolved,
                (SELECT u.id FROM incident_updates u WHERE u.incident_id = i.id
                 ORDER BY u.posted_at DESC, u.id DESC LIMIT 1) AS update_id
         FROM incidents i WHERE i.reference = ANY($1)`,
        [Object.keys(EXPECTED)],
      );
    expect(current).toHaveLength(Object.keys(EXPECTED).length);
    for (const incident of current) {
      const lastMessage = webhook()
        .filter((m) => m.incident?.reference === incident.reference)
        .at(-1);
      expect({ ...lastMessage?.incident, updateId: lastMessage?.update?.id }).toMatchObject({
        status: incident.status,
        isResolved: incident.is_resolved,
        updateId: incident.update_id,
      });
    }
    // Never "resolved" before "investigating": once a message says resolved, every later one does too.
    for (const reference of Object.keys(EXPECTED)) {
      const resolved = webhook()
        .filter((m) => m.incident?.reference === reference)
        .map((m) => m.incident!.isResolved);
      expect(resolved).toEqual([...resolved].sort());
    }
  }, 420_000);

  it('announces service levels that changed, per tenant, never a first status or another word for a level', () => {
    const levels = webhook().filter((m) => m.event === 'status_changed' && m.serviceId);
    expect(levels.length).toBeGreaterThan(0);
    const seen = new Map<string, string>();
    for (const m of levels) {
      const key = `${m.tenantId} ${m.serviceId}`;
      expect(seen.get(key)).not.toBe(m.level);
      seen.set(key, m.level!);
    }
    // The story ends with every service operational again.
    expect(new Set(seen.values())).toEqual(new Set(['OPERATIONAL']));
  });

  it('sends Teams the same messages as Adaptive Cards, in the same order', () => {
    const headlines = received('/teams/ops').map(
      (m) =>
        (m.body as { attachments: Array<{ content: { body: Array<{ text: string }> } }> }).attachments[0]!
          .content.body[0]!.text,
    );
    const expected = webhook().map((m) =>
      m.incident ? `${LABEL[m.event]}: ${m.incident.reference}` : `${LABEL[m.event]}: `,
    );
    expect(headlines.map((headline, i) => headline.slice(0, expected[i]!.length))).toEqual(expected);
  });

  it('keeps one Slack message per incident, edited as it changed, each later change in its thread', () => {
    const messages = simulator.receivers.slack.messages('C-OPS');
    for (const reference of Object.keys(EXPECTED)) {
      const changes = changesOf(reference);
      const parents = messages.filter((m) => m.threadTs === undefined && m.text?.includes(` ${reference} `));
      expect(parents).toHaveLength(1);
      expect(parents[0]!.edits).toBe(changes - 1);
      expect(messages.filter((m) => m.threadTs === parents[0]!.ts)).toHaveLength(changes - 1);
    }
  });

  it('threads each incident’s e-mails under its first one', () => {
    const mails = received('ops@contoso.example').map((m) => m.body as ReceivedEmail);
    for (const reference of Object.keys(EXPECTED)) {
      const changes = changesOf(reference);
      const thread = mails.filter((mail) => mail.subject.startsWith(`[Beacon] ${reference}:`));
      expect(thread).toHaveLength(changes);
      const first = thread[0]!.messageId;
      expect(thread.map((mail) => mail.inReplyTo)).toEqual([undefined, ...Array(changes - 1).fill(first)]);
    }
  });

  it('sent every message once: no duplicate, no failure, every delivery sent', async () => {
    for (const summary of simulator.receivers.inbox.summary()) {
      expect(summary).toMatchObject({ duplicates: 0, failed: 0 });
    }
    const states = await dataSource.query(
      `SELECT state, count(*)::int AS n FROM notification_deliveries GROUP BY state ORDER BY state`,
    );
    expect(states.map((row: { state: string }) => row.state)).toEqual(
      expect.not.arrayContaining(['pending', 'dead']),
    );
  });
});
