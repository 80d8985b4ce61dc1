import { graphIssueSignal } from '#testing';
import { addTarget, drain, ingest, type NotificationBench, startBench } from './support.js';

interface DigestBody {
  id: string;
  kind: string;
  periodStart: string;
  periodEnd: string;
  headline: string;
  advisories: Array<{ incident: { reference: string; isResolved: boolean }; events: string[] }>;
}

/**
 * A rule's advisory digest: its advisories' changes wait in the outbox for the period's end, then go as
 * one message (each advisory once, newest state); incidents still go one by one; nothing is lost to a
 * failed send or to a change that comes too late for its period's message.
 */
describe('advisory digests', () => {
  let bench: NotificationBench;

  beforeEach(async () => {
    bench = await startBench();
  });

  afterEach(() => bench?.close());

  const advisory = (id: string, status: string, isResolved = false) =>
    graphIssueSignal('contoso', {
      id,
      title: `Advisory ${id}`,
      classification: 'advisory',
      status,
      isResolved,
      lastModifiedDateTime: new Date().toISOString(),
      posts: [{ createdDateTime: new Date().toISOString(), content: `${id} is ${status}.` }],
    });
  const incident = graphIssueSignal('contoso', { id: 'EX9', title: 'Mail delayed', status: 'investigating' });
  const ingestAt = (signals: ReturnType<typeof graphIssueSignal>[], now: Date) => ingest(bench, signals, now);
  /** The digest's period ends: what waited for it is due. */
  const periodEnds = () =>
    bench.dataSource.query(
      `UPDATE notification_deliveries SET next_attempt_at = now() - interval '1 second'
       WHERE state = 'pending' AND payload ? 'digest'`,
    );
  const bodies = () => bench.receivers.inbox.messages('/webhooks/ops').map((m) => m.body as DigestBody);

  it('sends the period’s advisories as one message at its end, and incidents as they come', async () => {
    await addTarget(
      bench,
      'ops',
      'webhook',
      { secrets: { url: `${bench.receiversUrl}/webhooks/ops` } },
      { advisoryDigestMinutes: 1440, advisoryDigestAt: '08:00', quietTimeZone: 'Europe/Berlin' },
    );
    const now = new Date();
    await ingestAt([advisory('MO1', 'investigating')], now);
    await ingestAt([advisory('MO2', 'investigating'), incident], new Date(now.getTime() + 1000));
    await ingestAt([advisory('MO1', 'serviceRestored', true)], new Date(now.getTime() + 2000));
    await drain(bench, 20);
    expect(bodies().map((body) => body.kind)).toEqual(['incident']);

    // The period: daily from 08:00 Berlin time, the one holding `now`.
    const [waiting] = await bench.dataSource.query(
      `SELECT min(next_attempt_at) AS due FROM notification_deliveries WHERE payload ? 'digest'`,
    );
    const due = (waiting as { due: Date }).due;
    expect(due.getTime()).toBeGreaterThan(now.getTime());
    expect(due.getTime() - now.getTime()).toBeLessThanOrEqual(86_400_000);
    expect(
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', timeStyle: 'short' }).format(due),
    ).toBe('08:00');

    bench.receivers.faults.add({ target: '/webhooks/ops', respond: 'serverError', times: 1 });
    await periodEnds();
    await drain(bench);
    const [, digest] = bodies();
    expect(bodies()).toHaveLength(2);
    expect(digest).toMatchObject({
      kind: 'advisoryDigest',
      periodEnd: due.toISOString(),
      headline: expect.stringMatching(/^Advisory digest: 2 advisories from /),
      advisories: [
        {
          incident: { reference: 'MO1', isResolved: true },
          events: ['incident_created', 'incident_resolved'],
        },
        { incident: { reference: 'MO2', isResolved: false }, events: ['incident_created'] },
      ],
    });
    // The failed attempt and its retry carried the same key: the receiver took it once.
    expect(bench.receivers.inbox.requests('/webhooks/ops')).toHaveLength(3);
    expect(bench.receivers.inbox.duplicates('/webhooks/ops')).toBe(0);
    const states = await bench.dataSource.query(
      `SELECT state, count(*)::int AS n FROM notification_deliveries GROUP BY state ORDER BY state`,
    );
    expect(states).toEqual([
      { state: 'sent', n: 2 },
      { state: 'superseded', n: 2 },
    ]);
  });

  it('sends a change that came too late for its period’s message in one of its own, not under the same key', async () => {
    await addTarget(
      bench,
      'ops',
      'webhook',
      { secrets: { url: `${bench.receiversUrl}/webhooks/ops` } },
      { advisoryDigestMinutes: 60 },
    );
    const now = new Date();
    await ingestAt([advisory('MO1', 'investigating')], now);
    await periodEnds();
    await drain(bench);
    // A step whose clock read the period's last instant commits after the period's message went.
    await ingestAt([advisory('MO2', 'investigating')], now);
    await periodEnds();
    await drain(bench);

    const [first, late] = bodies();
    expect(bodies()).toHaveLength(2);
    expect(first?.advisories.map((a) => a.incident.reference)).toEqual(['MO1']);
    expect(late?.advisories.map((a) => a.incident.reference)).toEqual(['MO2']);
    expect(late?.periodStart).toBe(first?.periodStart);
    expect(late?.id).not.toBe(first?.id);
  });
});
