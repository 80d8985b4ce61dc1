// Words and times as an admin reads them.

export const LEVELS = {
  OPERATIONAL: { label: 'Operational', glyph: '✓', rank: 0 },
  INVESTIGATING: { label: 'Investigating', glyph: 'i', rank: 2 },
  DEGRADED: { label: 'Degraded', glyph: '!', rank: 3 },
  INTERRUPTED: { label: 'Interrupted', glyph: '✕', rank: 4 },
  UNKNOWN: { label: 'Unknown', glyph: '?', rank: 1 },
};

export const levelOf = (level) => LEVELS[level] ?? LEVELS.UNKNOWN;

/** Badges name the channel; sentences say where something comes from ("from the status site"). */
export const CHANNELS = {
  GRAPH: { badge: 'Admin center', from: 'the admin center' },
  STATUS_SITE: { badge: 'Status site', from: 'the status site' },
  X: { badge: 'X', from: 'X' },
};

export const channelOf = (channel) => CHANNELS[channel] ?? { badge: channel, from: channel };

export const SOURCE_STATES = {
  HEALTHY: 'Healthy',
  DEGRADED: 'Degraded',
  DOWN: 'Down',
  DISABLED: 'Not configured',
};

export const SOURCE_NAMES = {
  GRAPH: 'Admin center (Microsoft Graph)',
  STATUS_SITE: 'Status site (status.cloud.microsoft)',
  X: '@MSFT365Status on X',
};

/** `serviceDegradation` and `Service degradation` both read "Service degradation". */
export function statusWord(word) {
  if (!word) return '';
  const spaced = /\s/.test(word) ? word : word.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const clock = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
const UNITS = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/**
 * "2 minutes ago". Upstream clocks run a little ahead of the browser's at times; a time in the near future
 * reads "just now" rather than "in 1 minute", which nobody would understand on a status page.
 */
export function timeAgo(iso, now = Date.now()) {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const seconds = Math.round((now - at) / 1000);
  if (seconds < -600) return absolute.format(at);
  if (seconds < 10) return 'just now';
  if (seconds < 60) return relative.format(-seconds, 'second');
  for (const [unit, size] of UNITS) {
    if (seconds >= size) return relative.format(-Math.floor(seconds / size), unit);
  }
  return relative.format(-1, 'minute');
}

/** "in 30 seconds" for the next attempt of a poll. */
export function timeUntil(iso, now = Date.now()) {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const seconds = Math.round((at - now) / 1000);
  if (seconds <= 0) return 'due now';
  if (seconds < 60) return relative.format(seconds, 'second');
  if (seconds < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  return absolute.format(at);
}

export const formatDateTime = (iso) => (iso ? absolute.format(Date.parse(iso)) : '');
export const formatClock = (date) => clock.format(date);

export const plural = (count, one, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
