import { retryDeadLetters } from '#notifications';
import {
  addTarget,
  at,
  deliveryStates,
  drain,
  EX1,
  ingest,
  type NotificationBench,
  startBench,
} from '../notifications/support.js';

/** Dead letters retried: back in their place, never sent after a later change of their incident. */
describe('dead letters retried', () => {
  let bench: NotificationBench;

  beforeEach(async () => {
    bench = await startBench();
  });

  afterEach(() => bench?.close());

  const webhook = (path: string) =>
    addTarget(bench, path, 'webhook', { secrets: { url: `${bench.receiversUrl}${path}` } });
  const events = (path: string) =>
    bench.receivers.inbox.messages(path).map((m) => (m.body as { event: string }).event);
  /** The dispatcher gave up on these pending deliveries (as after their last attempt). */
  const kill = (targetId: string, events: string[]) =>
    bench.dataSource.query(
      `UPDATE notification_deliveries SET state = 'dead', attempts = 5, last_error = 'HTTP 500'
       WHERE target_id = $1 AND event::text = ANY($2) AND state = 'pending'`,
      [targetId, events],
    );
  const retry = (selection: { deliveryId: string } | { targetId: string }) =>
    bench.dataSource.transaction((manager) => retryDeadLetters(manager, selection));
  const idOf = async (targetId: string, event: string): Promise<string> =>
    (
      await bench.dataSource.query(
        `SELECT id::text AS id FROM notification_deliveries WHERE target_id = $1 AND event = $2`,
        [targetId, event],
      )
    )[0].id;

  it('sends a retried delivery before the later changes of its incident still owed, then those', async () => {
    const target = await webhook('/webhooks/retry');
    await ingest(bench, [EX1[0]!], at(1));
    await kill(target, ['incident_created']);
    await ingest(bench, [EX1[1]!], at(2));
    await ingest(bench, [EX1[2]!], at(3));

    const retried = await retry({ deliveryId: await idOf(target, 'incident_created') });
    expect(retried).toEqual([{ id: expect.any(String), targetId: target, state: 'pending' }]);
    await drain(bench);

    expect(events('/webhooks/retry')).toEqual(['incident_created', 'status_changed', 'incident_resolved']);
    expect(await deliveryStates(bench, target)).toEqual([
      'incident_created:sent',
      'status_changed:sent',
      'incident_resolved:sent',
    ]);
    // A fresh count of attempts: the first try after the retry sent it.
    const [{ attempts }] = await bench.dataSource.query(
      `SELECT attempts FROM notification_deliveries WHERE target_id = $1 AND event = 'incident_created'`,
      [target],
    );
    expect(attempts).toBe(1);
  });

  it('supersedes, and never sends, a dead letter whose incident was delivered a later change since', async () => {
    const target = await webhook('/webhooks/overtaken');
    await ingest(bench, [EX1[0]!], at(1));
    await kill(target, ['incident_created']);
    await ingest(bench, [EX1[1]!], at(2));
    await drain(bench);
    expect(events('/webhooks/overtaken')).toEqual(['status_changed']);

    const retried = await retry({ deliveryId: await idOf(target, 'incident_created') });
    await drain(bench);

    expect(retried.map((letter) => letter.state)).toEqual(['superseded']);
    expect(events('/webhooks/overtaken')).toEqual(['status_changed']);
    expect(await deliveryStates(bench, target)).toEqual([
      'incident_created:superseded',
      'status_changed:sent',
    ]);
  });

  it("retries all of a target's dead letters in order, each by the same rule, and no other target's", async () => {
    const target = await webhook('/webhooks/all');
    const other = await webhook('/webhooks/other');
    await ingest(bench, [EX1[0]!], at(1));
    await ingest(bench, [EX1[1]!], at(2));
    await kill(target, ['incident_created', 'status_changed']);
    await kill(other, ['incident_created', 'status_changed']);
    await ingest(bench, [EX1[2]!], at(3));

    const retried = await retry({ targetId: target });
    await drain(bench);

    expect(retried.map((letter) => [letter.targetId, letter.state])).toEqual([
      [target, 'pending'],
      [target, 'pending'],
    ]);
    expect(events('/webhooks/all')).toEqual(['incident_created', 'status_changed', 'incident_resolved']);
    // The other target's were left dead; its resolution was sent, so retrying them now supersedes them.
    expect(await deliveryStates(bench, other)).toEqual([
      'incident_created:dead',
      'status_changed:dead',
      'incident_resolved:sent',
    ]);
    expect((await retry({ targetId: other })).map((letter) => letter.state)).toEqual([
      'superseded',
      'superseded',
    ]);
    expect(await retry({ targetId: other })).toEqual([]);
  });
});
