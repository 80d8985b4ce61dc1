/** Graph writes `2026-11-20T07:40:00Z` and `2026-11-20T09:05:12.51Z`: no trailing zeros in the fraction. */
export function graphDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.?0+Z$/, 'Z');
}
