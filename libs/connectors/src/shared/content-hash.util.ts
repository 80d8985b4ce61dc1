import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth, so that the same content always gives the same text
 * whatever order the upstream wrote its fields in. Like JSON.stringify, undefined properties are left out.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * sha256 (hex) of an item's canonical JSON without its volatile top-level fields (those that change on
 * every request without the item changing, such as a server clock), so that a re-poll hashes the same.
 */
export function contentHash(item: Record<string, unknown>, volatileFields: readonly string[] = []): string {
  const stable = Object.fromEntries(Object.entries(item).filter(([key]) => !volatileFields.includes(key)));
  return createHash('sha256').update(canonicalJson(stable)).digest('hex');
}
