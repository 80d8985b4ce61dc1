/**
 * A rule's advisory digest goes out once a period: periods of `minutes` that start each local day (in the
 * rule's time zone) at `at` (`HH:MM[:SS]`, midnight when null), e.g. 1440 minutes at 08:00 is "daily at
 * 08:00", 360 at null is "every six hours from midnight". A day's last period ends at the next day's first
 * (shorter when `minutes` does not divide the day, or on a day that daylight saving time shortens).
 */
export interface DigestSchedule {
  minutes: number;
  at: string | null;
  timeZone: string;
}

export interface DigestPeriod {
  start: Date;
  end: Date;
}

/** The period that `instant` falls in: start ≤ instant < end. */
export function digestPeriod(instant: Date, schedule: DigestSchedule): DigestPeriod {
  const [year, month, today] = localDate(instant, schedule.timeZone);
  // The day whose anchor is the last one at or before the instant (day 0 of a month is the one before).
  const day = anchorOn(year, month, today, schedule).getTime() <= instant.getTime() ? today : today - 1;
  const anchor = anchorOn(year, month, day, schedule);
  const next = anchorOn(year, month, day + 1, schedule);
  const length = schedule.minutes * 60_000;
  const start = anchor.getTime() + Math.floor((instant.getTime() - anchor.getTime()) / length) * length;
  return { start: new Date(start), end: new Date(Math.min(start + length, next.getTime())) };
}

/** The instant of the schedule's local time on a local date (days may overflow: Date.UTC normalises). */
function anchorOn(year: number, month: number, day: number, schedule: DigestSchedule): Date {
  const [h = 0, m = 0, s = 0] = (schedule.at ?? '00:00').split(':').map(Number);
  return zonedInstant(Date.UTC(year, month - 1, day, h, m, s), schedule.timeZone);
}

/**
 * The instant whose wall clock in `timeZone` reads `wall` (given as if it were UTC). A time that daylight
 * saving skips comes out an hour later; one it repeats, the first.
 */
function zonedInstant(wall: number, timeZone: string): Date {
  let guess = wall - offsetMs(wall, timeZone);
  guess = wall - offsetMs(guess, timeZone);
  return new Date(guess);
}

/** How far `timeZone`'s wall clock is ahead of UTC at `instant`. */
function offsetMs(instant: number, timeZone: string): number {
  const parts = wallClock(new Date(instant), timeZone);
  const wall = Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5]);
  return wall - Math.floor(instant / 1000) * 1000;
}

function localDate(instant: Date, timeZone: string): [number, number, number] {
  const [year, month, day] = wallClock(instant, timeZone);
  return [year, month, day];
}

function wallClock(instant: Date, timeZone: string): [number, number, number, number, number, number] {
  const parts = formatter(timeZone).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return [part('year'), part('month'), part('day'), part('hour'), part('minute'), part('second')];
}

/** Formatters are costly to make: one per time zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  return format;
}
