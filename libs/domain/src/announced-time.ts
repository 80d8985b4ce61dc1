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
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** A time as a post announces it ("Next update by: …", "Start time: …"); null when it can't be read. */
export function parseAnnouncedTime(text: string | null | undefined): Date | null {
  const value = (text ?? '').trim();
  if (ISO_TIME.test(value)) return validOrNull(new Date(value));
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
  const date = new Date(Date.UTC(Number(year), month, Number(day), hour, Number(minutes), Number(seconds)));
  // Date.UTC rolls over (November 31 → December 1); a rolled-over date was not a real one.
  const valid =
    month >= 0 &&
    date.getUTCMonth() === month &&
    date.getUTCDate() === Number(day) &&
    date.getUTCHours() === hour &&
    Number(minutes) < 60 &&
    Number(seconds) < 60;
  return valid ? date : null;
}

function validOrNull(date: Date): Date | null {
  return Number.isNaN(date.getTime()) ? null : date;
}
