const OFFSET = /^([+-])?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s?)?$/;

/**
 * Reads an offset in seconds from the scenario's start. Authors write whichever reads best in a story:
 * `90`, `"90s"`, `"-40m"`, `"1h30m"`, `"-18d"`. Returns undefined for anything else.
 */
export function parseOffset(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const text = value.trim();
  const match = OFFSET.exec(text);
  if (!match || !/\d/.test(text)) return undefined;
  const [, sign, days = '0', hours = '0', minutes = '0', seconds = '0'] = match;
  const total = Number(days) * 86_400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
  return sign === '-' ? -total : total;
}
