import { graphHealthOverviewSignal, graphIssueSignal } from '#testing';
import {
  addTarget,
  dispatcherFor,
  at,
  deliveryStates,
  drain,
  EX1,
  ingest,
  type NotificationBench,
  post,
  startBench,
} from './support.js';

/** The dispatcher's promises: hold and coalescing, flaps dropped, retries, Retry-After, dead letters, order. */
describe('the notification dispatcher', () => {
  let bench: NotificationBench;

  beforeEach(async () => {
    bench = await startBench();
  });

  afterEach(() => bench?.close());

  const webhook = (path = '/webhooks/ops', rule = {}) =>
    addTarget(bench, path, 'webhook', { secrets: { url: `${bench.receiversUrl}${path}` } }, rule);
  const events = (path = '/webhooks/ops') =>
    bench.receivers.inbox.messages(path).map((m) => (m.body as { event: string }).event);
  /** Moves every delivery's creation and due time back, as if `seconds` had passed. */
  const elapse = (seconds: number) =>
    bench.dataSource.query(
      `UPDATE notification_deliveries SET created_at = created_at - make_interval(secs => $1),
         next_attempt_at = next_attempt_at - make_interval(secs => $1)`,
      [seconds],
    );

  it('holds changes for the hold time, and sends a burst of them as one message, the newest', async () => {
    const target = await webhook('/webhooks/ops', { holdSeconds: 60 });
    for (const [index, signal] of EX1.entries()) await ingest(bench, [signal], at(index * 10 + 1));
    await bench.dispatcher.dispatchDue();
    expect(events()).toEqual([]);

    await elapse(61);
    await drain(bench);
    // The target never heard of the incident: the burst is announced as new, in its newest state.
    expect(bench.receivers.inbox.messages('/webhooks/ops').map((m) => m.body)).toEqual([
      expect.objectContaining({
        event: 'incident_created',
        coalesced: 2,
        incident: expect.objectContaining({ isResolved: true }),
      }),
    ]);
    expect(await deliveryStates(bench, target)).toEqual([
      'incident_created:superseded',
      'status_changed:superseded',
      'incident_resolved:sent',
    ]);
  });

  it('announces nothing for a service status that flaps back within the hold time', async () => {
    await webhook('/webhooks/ops', { holdSeconds: 60, events: ['status_changed'] });
    const overview = (status: string) =>
      graphHealthOverviewSignal('contoso', 'Exchange', 'Exchange Online', status);
    await ingest(bench, [overview('serviceOperational')], at(1));
    await ingest(bench, [overview('serviceDegradation')], at(2));
    await ingest(bench, [overview('serviceOperational')], at(3));
    await elapse(61);
    await drain(bench);
    expect(events()).toEqual([]);

    await ingest(bench, [overview('serviceInterruption')], at(4));
    await elapse(61);
    await drain(bench);
    expect(bench.receivers.inbox.messages('/webhooks/ops').map((m) => m.body)).toEqual([
      expect.objectContaining({
        event: 'status_changed',
        serviceId: 'Exchange',
        level: 'INTERRUPTED',
        previous: { level: 'OPERATIONAL', status: 'serviceOperational' },
      }),
    ]);
  });

  it('retries after a 429 when Retry-After says, and after failures with backoff; every attempt logged', async () => {
    const target = await webhook();
    // The newest fault decides first: a 429, then two 500s.
    bench.receivers.faults.add({ target: '/webhooks/ops', respond: 'serverError', times: 2 });
    bench.receivers.faults.add({ target: '/webhooks/ops', respond: 'throttled', retryAfter: 7, times: 1 });
    await ingest(bench, [EX1[0]], at(1));
    await bench.dispatcher.dispatchDue();
    const [throttled] = await bench.dataSource.query(
      `SELECT outcome, status, extract(epoch FROM retry_at - at) * 1000 AS wait FROM notification_attempts`,
    );
    expect(throttled).toEqual({ outcome: 'throttled', status: 429, wait: '7000.000000' });

    await elapse(7);
    await drain(bench);
    const attempts: Array<{ outcome: string; status: number | null; error: string | null }> =
      await bench.dataSource.query(
        `SELECT outcome, status, error FROM notification_attempts WHERE target_id = $1 ORDER BY id`,
        [target],
      );
    expect(attempts.map((a) => [a.outcome, a.status])).toEqual([
      ['throttled', 429],
      ['failed', 500],
      ['failed', 500],
      ['sent', null],
    ]);
    // The URL is the webhook's credential: errors name the host only.
    expect(attempts.map((a) => a.error ?? '').join(' ')).not.toContain('/webhooks');
    expect(events()).toEqual(['incident_created']);
  });

  it('dead-letters a delivery after the last attempt, and goes on with the incident’s next change', async () => {
    const target = await webhook();
    bench.receivers.faults.add({ target: '/webhooks/ops', respond: 'serverError', times: 5 });
    await ingest(bench, [EX1[0]], at(1));
    await drain(bench);
    expect(await deliveryStates(bench, target)).toEqual(['incident_created:dead']);
    const [{ n }] = await bench.dataSource.query(`SELECT count(*)::int AS n FROM notification_attempts`);
    expect(n).toBe(5);

    await ingest(bench, [EX1[1]], at(11));
    await drain(bench);
    expect(await deliveryStates(bench, target)).toEqual(['incident_created:dead', 'status_changed:sent']);
    expect(events()).toEqual(['status_changed']);
  });

  it('gives a target that was down for ten minutes everything afterwards, in order, while others go on', async () => {
    // The default schedule (5 s doubling to 5 min, 15 attempts); time moves by `elapse`.
    const dispatcher = dispatcherFor(bench, { retryBaseMs: 5000, retryMaxMs: 300_000, maxAttempts: 15 });
    const down = await webhook('/webhooks/down', {});
    await webhook('/webhooks/up', {});
    bench.receivers.faults.add({ target: '/webhooks/down', respond: 'down' });
    for (let second = 0; second < 600; second += 10) {
      const change = EX1[second / 200];
      if (second % 200 === 0 && change) await ingest(bench, [change], at(second / 60));
      await dispatcher.dispatchDue();
      await elapse(10);
    }
    expect(events('/webhooks/up')).toEqual(['incident_created', 'status_changed', 'incident_resolved']);
    expect(events('/webhooks/down')).toEqual([]);
    const [{ failures }] = await bench.dataSource.query(
      `SELECT count(*)::int AS failures FROM notification_attempts WHERE target_id = $1`,
      [down],
    );
    expect(failures).toBeGreaterThan(3);

    bench.receivers.faults.clear();
    for (let round = 0; round < 20 && events('/webhooks/down').length < 3; round++) {
      await elapse(300);
      await dispatcher.dispatchDue();
    }
    expect(events('/webhooks/down')).toEqual(['incident_created', 'status_changed', 'incident_resolved']);
    expect(await deliveryStates(bench, down)).toEqual([
      'incident_created:sent',
      'status_changed:sent',
      'incident_resolved:sent',
    ]);
    expect(bench.receivers.inbox.duplicates()).toBe(0);
  });

  it('never sends a change of an incident before an older one still waiting for its retry', async () => {
    const target = await webhook('/webhooks/ops', { holdSeconds: 0 });
    bench.receivers.faults.add({ target: '/webhooks/ops', respond: 'throttled', retryAfter: 30, times: 1 });
    await ingest(bench, [EX1[0]], at(1));
    await bench.dispatcher.dispatchDue();
    await ingest(bench, [EX1[1]], at(11));
    await ingest(bench, [EX1[2]], at(21));
    await bench.dispatcher.dispatchDue();
    expect(events()).toEqual([]);
    await elapse(60);
    await drain(bench);
    expect(events()).toEqual(['incident_created', 'status_changed', 'incident_resolved']);
    expect(await deliveryStates(bench, target)).toEqual([
      'incident_created:sent',
      'status_changed:sent',
      'incident_resolved:sent',
    ]);
  });

  it('tells a target of an incident back in a state it was in before, with no new post', async () => {
    await webhook('/webhooks/ops', { holdSeconds: 0 });
    const version = (minute: number, status: string) =>
      graphIssueSignal('contoso', {
        id: 'EX7',
        title: 'Mail delayed',
        status,
        lastModifiedDateTime: at(minute).toISOString(),
        posts: [post(0, 'We are investigating delayed mail.')],
      });
    for (const [minute, status] of [
      [0, 'investigating'],
      [10, 'serviceInterruption'],
      [20, 'investigating'],
    ] as const) {
      await ingest(bench, [version(minute, status)], at(minute + 1));
      await drain(bench);
    }
    const told = bench.receivers.inbox
      .messages('/webhooks/ops')
      .map((m) => m.body as { event: string; incident: { status: string } })
      .map((body) => `${body.event}:${body.incident.status}`);
    expect(told).toEqual([
      'incident_created:investigating',
      'status_changed:serviceInterruption',
      'status_changed:investigating',
    ]);
  });
});
