import { enqueueOutageNotifications } from '#notifications';
import { SourceEntity } from '#persistence';
import { xPostSignal } from '#testing';
import { addTarget, at, drain, ingest, type NotificationBench, startBench } from './support.js';

const OPTIONS = { staleSeconds: 180, sourceDownMinuteMs: 60_000 };

/**
 * Events no commit announces: degraded mode entered and left, a source down for longer than a rule's
 * minutes and back up, detected from stored instants, each once per episode however often it is looked for.
 */
describe('time-driven notifications', () => {
  let bench: NotificationBench;

  beforeEach(async () => {
    bench = await startBench();
  });

  afterEach(() => bench?.close());

  const webhook = (path: string, rule = {}) =>
    addTarget(bench, path, 'webhook', { secrets: { url: `${bench.receiversUrl}${path}` } }, rule);
  const received = (path: string) =>
    bench.receivers.inbox.messages(path).map((m) => m.body as Record<string, unknown>);
  const look = (now: Date) =>
    bench.dataSource.transaction((manager) => enqueueOutageNotifications(manager, now, OPTIONS));
  const source = async (fields: Partial<SourceEntity>) => {
    const saved = await bench.dataSource.manager.save(
      bench.dataSource.manager.create(SourceEntity, { state: 'HEALTHY', ...fields }),
    );
    return saved.id;
  };
  const failedRuns = (sourceId: number, ...minutes: number[]) =>
    bench.dataSource.query(
      `INSERT INTO poll_runs (source_id, started_at, finished_at, error_kind, error)
       SELECT $1, t, t, 'unavailable', 'HTTP 503' FROM unnest($2::timestamptz[]) AS t`,
      [sourceId, minutes.map(at)],
    );

  it("announces a tenant's degraded mode entered, then left, once each however often it looks", async () => {
    await webhook('/webhooks/ops', { events: ['degraded_entered', 'degraded_left'] });
    const graph = await source({ channel: 'GRAPH', tenantId: 'contoso', lastSuccessAt: at(0) });

    expect(await look(at(2))).toBe(0);
    expect(await look(at(4))).toBe(1);
    expect(await look(at(5))).toBe(0);
    await drain(bench);
    expect(await look(at(6))).toBe(0);

    await bench.dataSource.manager.update(SourceEntity, graph, { lastSuccessAt: at(7) });
    expect(await look(at(7))).toBe(1);
    expect(await look(at(8))).toBe(0);
    await drain(bench);

    expect(received('/webhooks/ops')).toEqual([
      expect.objectContaining({
        event: 'degraded_entered',
        kind: 'degradedMode',
        tenantId: 'contoso',
        entered: true,
        since: at(3).toISOString(),
        lastGraphSuccessAt: at(0).toISOString(),
        headline: expect.stringContaining('Degraded mode: the admin center has not answered for contoso'),
      }),
      expect.objectContaining({ event: 'degraded_left', entered: false, since: at(3).toISOString() }),
    ]);
  });

  it('announces a new episode after the end of the one told, and nothing to rules of other tenants', async () => {
    await webhook('/webhooks/ops', { events: ['degraded_entered', 'degraded_left'] });
    await webhook('/webhooks/fabrikam', {
      events: ['degraded_entered', 'degraded_left'],
      tenantIds: ['fabrikam'],
    });
    await webhook('/webhooks/left-only', { events: ['degraded_left'] });
    const graph = await source({ channel: 'GRAPH', tenantId: 'contoso', lastSuccessAt: at(0) });
    await look(at(4));
    await drain(bench);
    // Graph answered once, then went quiet again: the first episode is over, a second begins.
    await bench.dataSource.manager.update(SourceEntity, graph, { lastSuccessAt: at(5) });
    await look(at(6));
    await drain(bench);
    await look(at(9));
    await drain(bench);

    expect(received('/webhooks/ops').map((m) => [m.event, m.since])).toEqual([
      ['degraded_entered', at(3).toISOString()],
      ['degraded_left', at(3).toISOString()],
      ['degraded_entered', at(8).toISOString()],
    ]);
    expect(received('/webhooks/fabrikam')).toEqual([]);
    // Told no beginning, a target is told no end.
    expect(received('/webhooks/left-only')).toEqual([]);
  });

  it("announces a source down for longer than the rule's minutes, and back up, once each", async () => {
    await webhook('/webhooks/ops', { events: ['source_down'], sourceDownMinutes: 5 });
    await webhook('/webhooks/slow', { events: ['source_down'], sourceDownMinutes: 30 });
    const site = await source({ channel: 'STATUS_SITE', lastSuccessAt: at(9) });
    await failedRuns(site, 10, 11, 13);
    await bench.dataSource.manager.update(SourceEntity, site, {
      state: 'DOWN',
      consecutiveFailures: 3,
      lastError: 'unavailable: HTTP 503',
    });

    // Down since the third failure (minute 13): not yet five minutes at 17.
    expect(await look(at(17))).toBe(0);
    expect(await look(at(18))).toBe(1);
    expect(await look(at(20))).toBe(0);

    await failedRuns(site, 15);
    await bench.dataSource.manager.update(SourceEntity, site, {
      state: 'HEALTHY',
      consecutiveFailures: 0,
      lastSuccessAt: at(21),
      lastError: null,
    });
    expect(await look(at(21))).toBe(1);
    expect(await look(at(22))).toBe(0);
    await drain(bench);

    expect(received('/webhooks/ops')).toEqual([
      expect.objectContaining({
        event: 'source_down',
        kind: 'sourceHealth',
        channel: 'STATUS_SITE',
        down: true,
        downSince: at(13).toISOString(),
        lastError: 'unavailable: HTTP 503',
        headline: `Source down: STATUS_SITE has failed since ${at(13).toISOString()}`,
      }),
      expect.objectContaining({
        event: 'source_down',
        down: false,
        downSince: at(13).toISOString(),
        headline: 'Source back up: STATUS_SITE answers again',
      }),
    ]);
    // Up before its thirty minutes: never told, so no "back up" either.
    expect(received('/webhooks/slow')).toEqual([]);
  });

  it('drops an episode that begins and ends within the hold time', async () => {
    await webhook('/webhooks/ops', { events: ['degraded_entered', 'degraded_left'], holdSeconds: 3600 });
    const graph = await source({ channel: 'GRAPH', tenantId: 'contoso', lastSuccessAt: at(0) });
    await look(at(4));
    await bench.dataSource.manager.update(SourceEntity, graph, { lastSuccessAt: at(5) });
    await look(at(5));
    await bench.dataSource.query(
      `UPDATE notification_deliveries SET created_at = created_at - interval '2 hours',
         next_attempt_at = next_attempt_at - interval '2 hours'`,
    );
    await drain(bench);

    expect(received('/webhooks/ops')).toEqual([]);
    const states = await bench.dataSource.query(`SELECT state FROM notification_deliveries ORDER BY id`);
    expect(states).toEqual([{ state: 'superseded' }, { state: 'superseded' }]);
  });
});

describe('status changes of the global view', () => {
  let bench: NotificationBench;

  beforeEach(async () => {
    bench = await startBench();
    // A Beacon without Graph tenants: what it shows is the fallback channels' word.
    await bench.dataSource.query('DELETE FROM tenants');
  });

  afterEach(() => bench?.close());

  const outage = (id: string, minute: number) =>
    xPostSignal(id, "We're investigating an outage affecting Microsoft Teams. TM1700001", at(minute));
  const restored = (id: string, minute: number) =>
    xPostSignal(id, "We've confirmed that Microsoft Teams is restored. TM1700001", at(minute));

  it('are announced to rules of every tenant when the level changes, not to rules of some', async () => {
    const events = ['status_changed' as const];
    await addTarget(
      bench,
      'all',
      'webhook',
      { secrets: { url: `${bench.receiversUrl}/webhooks/all` } },
      { events },
    );
    await addTarget(
      bench,
      'contoso',
      'webhook',
      { secrets: { url: `${bench.receiversUrl}/webhooks/contoso` } },
      { events, tenantIds: ['contoso'] },
    );
    await ingest(bench, [outage('1', 0)], at(1));
    await ingest(bench, [restored('2', 2)], at(3));
    await ingest(bench, [outage('3', 4)], at(5));
    await drain(bench);

    // The first status known is no change; then each change of level, once.
    expect(
      bench.receivers.inbox
        .messages('/webhooks/all')
        .map((m) => m.body as { event: string; kind: string; serviceId: string; level: string }),
    ).toEqual([
      expect.objectContaining({
        event: 'status_changed',
        kind: 'globalStatus',
        serviceId: 'microsoftteams',
        level: 'OPERATIONAL',
        previous: expect.objectContaining({ level: 'INTERRUPTED' }),
      }),
      expect.objectContaining({ kind: 'globalStatus', level: 'INTERRUPTED' }),
    ]);
    expect(bench.receivers.inbox.messages('/webhooks/contoso')).toEqual([]);
  });
});
