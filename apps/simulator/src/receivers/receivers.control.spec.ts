import { startSimulator, type RunningSimulator } from '../simulator.js';
import { receiverControlRoutes } from './receivers.control.js';

describe(receiverControlRoutes.name, () => {
  let simulator: RunningSimulator;
  const control = async (path: string, method = 'GET', body?: unknown) => {
    const response = await fetch(`${simulator.urls.control}/receivers${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const webhook = (key: string) =>
    fetch(`${simulator.urls.receivers}/webhooks/ops`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ key }),
    });

  beforeAll(async () => {
    simulator = await startSimulator({ scenario: { name: 'receivers-control-spec' } });
  });
  afterAll(() => simulator.stop());
  beforeEach(() => simulator.receivers.reset());

  it('sets a fault over HTTP, shows it, and clears it', async () => {
    const set = await control('/faults', 'POST', { target: '/webhooks', respond: 'serverError', times: 1 });

    expect(set.body).toEqual({
      faults: [{ target: '/webhooks', respond: 'serverError', times: 1, left: 1, until: null }],
    });
    expect((await webhook('a')).status).toBe(500);
    expect((await webhook('a')).status).toBe(200);
    await control('/faults', 'POST', { respond: 'down' });
    expect((await control('/faults', 'DELETE')).body).toEqual({ faults: [] });
    expect((await webhook('a')).status).toBe(200);

    expect((await control('')).body).toEqual({
      targets: [
        { target: '/webhooks/ops', kind: 'webhook', requests: 3, messages: 1, duplicates: 1, failed: 1 },
      ],
      faults: [],
    });
  });

  it('lists what a target took, in order', async () => {
    await webhook('a');
    await webhook('b');

    const { body } = await control('/messages?target=/webhooks/ops');

    expect((body.messages as { idempotencyKey: string }[]).map((m) => m.idempotencyKey)).toEqual(['a', 'b']);
  });

  it.each([
    ['/faults', 'POST', { respond: 'explode' }],
    ['/messages', 'GET', undefined],
  ])('refuses %s %s without what it needs, with a 400', async (path, method, body) => {
    const answer = await control(path, method, body);

    expect(answer.status).toBe(400);
    expect(answer.body.error).toEqual(expect.any(String));
  });
});
