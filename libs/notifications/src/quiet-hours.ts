/** Quiet hours of a rule: local times `HH:MM[:SS]` in an IANA time zone; `from` after `until` spans midnight. */
export interface QuietHours {
  from: string;
  until: string;
  timeZone: string;
}

/** When quiet hours that contain `now` end, or null when `now` is outside them. */
export function quietHoursEnd(quiet: QuietHours, now: Date): Date | null {
  const from = secondsOf(quiet.from);
  const until = secondsOf(quiet.until);
  if (from === until) return null;
  const local = localSeconds(now, quiet.timeZone);
  const inside = from < until ? local >= from && local < until : local >= from || local < until;
  if (!inside) return null;
  const wait = (until - local + 86_400) % 86_400;
  return new Date(Math.floor(now.getTime() / 1000) * 1000 + wait * 1000);
}

function secondsOf(time: string): number {
  const [h = 0, m = 0, s = 0] = time.split(':').map(Number);
  return h * 3600 + m * 60 + s;
}

function localSeconds(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return part('hour') * 3600 + part('minute') * 60 + part('second');
}
