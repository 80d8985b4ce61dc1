import { ReceiverFaults } from './receiver-faults.js';

describe(ReceiverFaults.name, () => {
  let now = 0;
  const faults = new ReceiverFaults(() => now);
  beforeEach(() => {
    now = 0;
    faults.clear();
  });

  it('breaks a target for the given seconds of wall-clock time', () => {
    faults.add({ target: '/teams', respond: 'down', seconds: 600 });

    expect(faults.take('/teams/ops')?.respond).toBe('down');
    now = 599_999;
    expect(faults.take('/teams/ops')?.respond).toBe('down');
    now = 600_000;
    expect(faults.take('/teams/ops')).toBeUndefined();
  });

  it('matches whole path segments, and the newest fault decides', () => {
    faults.add({ target: '/webhooks/a', respond: 'serverError' });
    faults.add({ target: '*', respond: 'throttled', times: 1 });

    expect(faults.take('/webhooks/ab')?.respond).toBe('throttled');
    expect(faults.take('/webhooks/ab')).toBeUndefined();
    expect(faults.take('/webhooks/a/b')?.respond).toBe('serverError');
    expect(faults.take('smtp')).toBeUndefined();
  });

  it('gives SMTP only the faults it can show at that point', () => {
    faults.add({ target: 'smtp', respond: 'serverError', times: 1 });

    expect(faults.take('smtp', ['down', 'throttled'])).toBeUndefined();
    expect(faults.take('smtp', ['serverError'])?.respond).toBe('serverError');
    expect(faults.active()).toEqual([]);
  });

  it('refuses a fault it does not know', () => {
    expect(() => faults.add({ respond: 'explode' as 'down' })).toThrow(/respond/);
  });
});
