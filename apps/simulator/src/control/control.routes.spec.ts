import { startSimulator, type RunningSimulator } from '../simulator.js';
import { controlRoutes } from './control.routes.js';

describe(controlRoutes.name, () => {
  let simulator: RunningSimulator;
  const call = async (path: string, body?: unknown) => {
    const response = await fetch(`${simulator.urls.control}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Record<string, unknown>,
    };
  };

  beforeAll(async () => {
    simulator = await startSimulator({
      scenario: {
        name: 'control-spec',
        startsAt: '2026-11-20T10:00:00Z',
        x: {
          tweets: [
            { at: 60, text: 'first' },
            { at: 120, text: 'second' },
          ],
        },
        faults: [{ channel: 'graph', kind: 'timeout', from: 90 }],
      },
    });
  });
  afterAll(() => simulator.stop());
  beforeEach(() => simulator.timeline.advanceTo(0));

  it('shows where the story is, its steps and the faults in force, to any origin', async () => {
    simulator.timeline.advanceTo(100);

    const { body, headers } = await call('/state');

    expect(headers.get('access-control-allow-origin')).toBe('*');
    expect(body).toMatchObject({
      scenario: 'control-spec',
      offset: 100,
      now: '2026-11-20T10:01:40.000Z',
      step: 1,
      steps: [
        { at: 60, happenings: ['x: post "first"'] },
        { at: 90, happenings: ['graph: timeout starts'] },
        { at: 120, happenings: ['x: post "second"'] },
      ],
      activeFaults: [{ channel: 'graph', kind: 'timeout', from: 90, until: null }],
    });
  });

  it.each([
    [{ step: true }, 60],
    [{ to: '2m' }, 120],
    [{ by: 30 }, 30],
    [{ toStep: 1 }, 90],
  ])('moves the timeline with %p', async (body, offset) => {
    expect((await call('/advance', body)).body).toMatchObject({ offset });
    expect(simulator.timeline.moment().offset).toBe(offset);
  });

  it('steps when the body is empty', async () => {
    const response = await fetch(`${simulator.urls.control}/advance`, { method: 'POST' });

    expect(await response.json()).toMatchObject({ offset: 60 });
  });

  it.each([[{ to: 'later' }], [{ toStep: 7 }], [{ jump: 1 }]])('refuses %p with a 400', async (body) => {
    const { status, body: answer } = await call('/advance', body);

    expect(status).toBe(400);
    expect(answer.error).toEqual(expect.any(String));
  });

  it('starts and stops the clock', async () => {
    expect((await call('/clock', { running: true, speed: 60 })).body).toMatchObject({
      running: true,
      speed: 60,
    });
    expect((await call('/clock', { running: false })).body).toMatchObject({ running: false });
  });
});
