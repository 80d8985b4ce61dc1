import { nextSlot } from './request-budget.ledger.js';

describe(nextSlot.name, () => {
  const windows = [
    { limit: 2, periodMs: 1000 },
    { limit: 3, periodMs: 10_000 },
  ];

  it('is now while every window has room', () => {
    expect(nextSlot([], 0, windows, 5000)).toBe(5000);
    expect(nextSlot([4500], 0, windows, 5000)).toBe(5000);
  });

  it('waits for the oldest grant of a full window to leave it, for the longest wait of all windows', () => {
    expect(nextSlot([4500, 4800], 0, windows, 5000)).toBe(5500);
    expect(nextSlot([1000, 4500, 4800], 0, windows, 5000)).toBe(11_000);
  });

  it('never goes before a hold or a slot already granted in the future', () => {
    expect(nextSlot([], 9000, windows, 5000)).toBe(9000);
    expect(nextSlot([6000], 0, windows, 5000)).toBe(6000);
  });
});
