const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * How Microsoft's posts write a time: "Friday, November 20, 2026, at 11:00 AM UTC", "Thursday, November 20,
 * 2026, 7:40 AM UTC", "Nov 20, 2026 at 13:05 UTC". The weekday is ignored: the posts sometimes get it wrong.
 * Only UTC is accepted (the posts give nothing else); a time without a zone is taken as UTC.
 */
const WRITTEN_TIME = new RegExp(
  [
    /^(?:[a-z]+,?\s+)?/, // weekday
    /([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}),?\s+(?:at\s+)?/, // month day, year
    /(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?(?!\d)/, // time
    /\s*(.*)$/, // zone and remarks
  ]
    .map((part) => part.source)
    .join(''),
  'i',
);
/** After the time: nothing, a remark, or a zone, which must be UTC ("UTC+1" and "PST" are not). */
const UTC = /^\(?(?:utc|gmt|z)\b(?!\s*[+-]\d)/i;
const ZONE_LIKE = /^\(?[a-z]/i;
const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:Z|([+-])(\d{2}):?(\d{2}))$/i;
const MICROSECONDS_A_DAY = 86_400_000_000;

/** A time as a post announces it ("Next update by: …", "Start time: …"); null when it can't be read. */
export function parseAnnouncedTime(text: string | null | undefined): Date | null {
  const value = (text ?? '').trim();
  const iso = ISO_TIME.exec(value);
  if (iso) return isoTime(iso);
  const match = WRITTEN_TIME.exec(value);
  if (!match) return null;
  const [
    ,
    monthName = '',
    day = '',
    year = '',
    hours = '',
    minutes = '',
    seconds = '0',
    meridiem,
    rest = '',
  ] = match;
  if (ZONE_LIKE.test(rest) && !UTC.test(rest)) return null;
  const month = MONTHS.findIndex((prefix) => monthName.toLowerCase().startsWith(prefix));
  let hour = Number(hours);
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem.toLowerCase().startsWith('p') ? 12 : 0);
  }
  const valid =
    month >= 0 &&
    isDate(Number(year), month + 1, Number(day)) &&
    hour <= 23 &&
    Number(minutes) <= 59 &&
    Number(seconds) <= 59;
  return valid
    ? atUtc(
        Number(year),
        month + 1,
        Number(day),
        ((hour * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000,
      )
    : null;
}

/** Where a post's text promises its next update, as `beacon_next_update_by` (migration NextUpdateBy) finds it. */
const NEXT_UPDATE_BY = /(?:^|\s)next update by:\s*([^\n]*)/i;

/**
 * A post's promised next update, read from its stored text exactly as PostgreSQL's `beacon_next_update_by`
 * reads it (the correlator writes it with the post: PostgreSQL's regex engine takes up to a millisecond a post).
 */
export function nextUpdateByOf(text: string): Date | null {
  const promise = NEXT_UPDATE_BY.exec(text);
  return promise ? parseAnnouncedTime(promise[1]) : null;
}

/**
 * An ISO time as PostgreSQL reads one (`beacon_announced_time` gives the same): no year 0, no day its month
 * lacks, minutes up to 59, seconds up to 60 and the whole time up to 24:00 (both roll over into the next
 * minute or day), fractions rounded to microseconds, offsets up to ±15:59.
 */
function isoTime(fields: RegExpExecArray): Date | null {
  const [
    ,
    year,
    month,
    day,
    hours,
    minutes,
    seconds = '0',
    fraction = '',
    sign,
    offsetHours = '0',
    offsetMinutes = '0',
  ] = fields.map((field) => field ?? undefined);
  const microseconds =
    ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1_000_000 +
    roundHalfToEven(Number(`0.${fraction || '0'}`) * 1_000_000);
  const valid =
    isDate(Number(year), Number(month), Number(day)) &&
    Number(minutes) <= 59 &&
    Number(seconds) <= 60 &&
    microseconds <= MICROSECONDS_A_DAY &&
    Number(offsetHours) <= 15 &&
    Number(offsetMinutes) <= 59;
  if (!valid) return null;
  const offset = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  return atUtc(Number(year), Number(month), Number(day), Math.floor(microseconds / 1000) - offset);
}

/** As PostgreSQL rounds a float8 (rint): halves to the even neighbour. */
function roundHalfToEven(value: number): number {
  const nearest = Math.round(value);
  return nearest - value === 0.5 && nearest % 2 !== 0 ? nearest - 1 : nearest;
}

function isDate(year: number, month: number, day: number): boolean {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= days;
}

/** Midnight UTC of a date plus milliseconds; unlike Date.UTC, years 1 to 99 stay themselves (not 1901 to 1999). */
function atUtc(year: number, month: number, day: number, milliseconds: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return new Date(date.getTime() + milliseconds);
}
