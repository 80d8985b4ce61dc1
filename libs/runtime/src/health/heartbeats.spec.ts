import { Heartbeats } from './heartbeats.js';

describe('Heartbeats', () => {
  it('owes nothing before the first beat', () => {
    expect(new Heartbeats().overdue(1_000_000)).toEqual([]);
  });

  it('is overdue once the promised time has passed, and on time again after the next beat', () => {
    const heartbeats = new Heartbeats();
    heartbeats.beat('poll', 5000, 0);
    expect(heartbeats.overdue(5000)).toEqual([]);
    expect(heartbeats.overdue(7000)).toEqual([{ name: 'poll', overdueMs: 2000 }]);
    heartbeats.beat('poll', 5000, 7000);
    expect(heartbeats.overdue(7000)).toEqual([]);
  });

  it('keeps the latest promise when loops of one name promise different times', () => {
    const heartbeats = new Heartbeats();
    heartbeats.beat('poll', 60_000, 0);
    heartbeats.beat('poll', 3000, 1000);
    expect(heartbeats.overdue(30_000)).toEqual([]);
  });

  it('names each overdue loop on its own', () => {
    const heartbeats = new Heartbeats();
    heartbeats.beat('poll', 1000, 0);
    heartbeats.beat('correlator', 10_000, 0);
    expect(heartbeats.overdue(2000)).toEqual([{ name: 'poll', overdueMs: 1000 }]);
  });
});
