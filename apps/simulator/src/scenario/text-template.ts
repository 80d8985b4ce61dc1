import { parseOffset } from './offset.js';

const TIME = /\{\{\s*time\s+([^}]*?)\s*\}\}/g;
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * Texts cite times ("Next update by: …") that must move with the scenario's start, so they are written as
 * `{{time 1h5m}}` (an offset from the start) and rendered when served.
 */
export function renderText(text: string, originMs: number): string {
  return text.replace(TIME, (_, offset: string) =>
    microsoftTime(originMs + (parseOffset(offset) ?? 0) * 1000),
  );
}

/** One message per `{{time …}}` whose offset does not parse. */
export function templateProblems(text: string): string[] {
  return [...text.matchAll(TIME)]
    .filter(([, offset]) => parseOffset(offset ?? '') === undefined)
    .map(([whole]) => `${whole} needs an offset such as 90, 45m or -1h30m`);
}

/**
 * The way Microsoft's posts write times: "Thursday, November 20, 2026, at 9:00 AM UTC". Built by hand
 * because Intl puts a narrow no-break space before AM/PM in recent ICU versions.
 */
export function microsoftTime(ms: number): string {
  const date = new Date(ms);
  const hours = date.getUTCHours();
  const minutes = String(date.getUTCMinutes()).padStart(2, '0');
  const clock = `${hours % 12 === 0 ? 12 : hours % 12}:${minutes} ${hours < 12 ? 'AM' : 'PM'}`;
  const day = `${DAYS[date.getUTCDay()]}, ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
  return `${day}, at ${clock} UTC`;
}
