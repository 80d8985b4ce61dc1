/**
 * An upstream date-time as a Date, or null when absent, unreadable or a placeholder: .NET's
 * DateTime.MinValue (`0001-01-01T00:00:00`) means "no date", not the first of January of the year 1.
 */
export function toTimestamp(value: string | null | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() <= 1) return null;
  return date;
}

/** The later of two date-time strings (either may be missing), as an ISO string in UTC. */
export function laterTimestamp(a: string | null | undefined, b: string | null | undefined): string | null {
  const times = [a, b].map((value) => toTimestamp(value)).filter((date): date is Date => date !== null);
  if (times.length === 0) return null;
  return new Date(Math.max(...times.map((date) => date.getTime()))).toISOString();
}
