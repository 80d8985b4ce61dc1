/** `2026-11-20T10:18:03+00:00`, as the site's JSON writes dates. */
export function statusSiteDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
}

/** `2026-11-20T10:24:41.118273+00:00`: `LastUpdatedTime` carries microseconds. */
export function statusSiteTimestamp(ms: number): string {
  const micros = Math.round(ms * 1000);
  const fraction = String(micros % 1_000_000).padStart(6, '0');
  return `${statusSiteDate(Math.floor(micros / 1_000_000) * 1000).slice(0, 19)}.${fraction}+00:00`;
}

/** The date the site writes for a post nobody authored. */
export const NULL_DATE = '0001-01-01T00:00:00+00:00';

/** `Thu, 20 Nov 2026 10:20:00 Z`, the feed's pubDate (with a bare Z where RFC 822 has GMT). */
export function rssDate(ms: number): string {
  return new Date(ms).toUTCString().replace(/GMT$/, 'Z');
}
