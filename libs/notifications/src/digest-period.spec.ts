import { digestPeriod } from './digest-period.js';

const period = (instant: string, minutes: number, at: string | null, timeZone = 'UTC') => {
  const { start, end } = digestPeriod(new Date(instant), { minutes, at, timeZone });
  return [start.toISOString(), end.toISOString()];
};

describe('digestPeriod', () => {
  it('cuts the day into periods of the given minutes from midnight', () => {
    expect(period('2026-03-10T07:59:59Z', 360, null)).toEqual([
      '2026-03-10T06:00:00.000Z',
      '2026-03-10T12:00:00.000Z',
    ]);
    expect(period('2026-03-10T12:00:00Z', 360, null)).toEqual([
      '2026-03-10T12:00:00.000Z',
      '2026-03-10T18:00:00.000Z',
    ]);
  });

  it('is daily at an hour of the time zone, the day before until that hour', () => {
    expect(period('2026-01-15T06:59:00Z', 1440, '08:00', 'Europe/Berlin')).toEqual([
      '2026-01-14T07:00:00.000Z',
      '2026-01-15T07:00:00.000Z',
    ]);
    expect(period('2026-01-15T07:00:00Z', 1440, '08:00', 'Europe/Berlin')).toEqual([
      '2026-01-15T07:00:00.000Z',
      '2026-01-16T07:00:00.000Z',
    ]);
    expect(period('2026-01-01T00:30:00Z', 1440, '08:00', 'America/New_York')).toEqual([
      '2025-12-31T13:00:00.000Z',
      '2026-01-01T13:00:00.000Z',
    ]);
  });

  it('keeps the local hour across daylight saving time (a 23-hour day)', () => {
    // Berlin moves its clocks forward on 29 March 2026: 08:00 local is 07:00Z before, 06:00Z after.
    expect(period('2026-03-29T12:00:00Z', 1440, '08:00', 'Europe/Berlin')).toEqual([
      '2026-03-29T06:00:00.000Z',
      '2026-03-30T06:00:00.000Z',
    ]);
    expect(period('2026-03-29T05:00:00Z', 1440, '08:00', 'Europe/Berlin')).toEqual([
      '2026-03-28T07:00:00.000Z',
      '2026-03-29T06:00:00.000Z',
    ]);
  });

  it("ends a day's last period at the next day's first when the minutes do not divide the day", () => {
    expect(period('2026-03-10T23:00:00Z', 420, null)).toEqual([
      '2026-03-10T21:00:00.000Z',
      '2026-03-11T00:00:00.000Z',
    ]);
  });

  it('puts every instant in exactly one period', () => {
    const schedule = { minutes: 90, at: '07:30', timeZone: 'Asia/Kolkata' };
    let instant = new Date('2026-06-01T00:00:00Z').getTime();
    let previous = digestPeriod(new Date(instant), schedule);
    for (let step = 0; step < 3 * 96; step++) {
      instant += 15 * 60_000;
      const current = digestPeriod(new Date(instant), schedule);
      expect(current.start.getTime()).toBeLessThanOrEqual(instant);
      expect(current.end.getTime()).toBeGreaterThan(instant);
      if (current.start.getTime() !== previous.start.getTime())
        expect(current.start.getTime()).toBe(previous.end.getTime());
      previous = current;
    }
  });
});
