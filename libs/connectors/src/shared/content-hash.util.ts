import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth, so that the same content always gives the same text
 * whatever order the upstream wrote its fields in. Like JSON.stringify, undefined properties are left out.
 * Written in pieces joined once: joining each level's text would copy a payload's long texts once per level
 * they are nested in, and this was most of what an ingestor allocated.
 */
export function canonicalJson(value: unknown): string {
  const pieces: string[] = [];
  writeCanonicalJson(value, pieces);
  return pieces.join('');
}

function writeCanonicalJson(value: unknown, pieces: string[]): void {
  if (Array.isArray(value)) {
    pieces.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) pieces.push(',');
      writeCanonicalJson(value[i] ?? null, pieces);
    }
    pieces.push(']');
  } else if (value !== null && typeof value === 'object') {
    const fields = value as Record<string, unknown>;
    const keys = Object.keys(fields)
      .filter((key) => fields[key] !== undefined)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    pieces.push('{');
    keys.forEach((key, i) => {
      pieces.push(i > 0 ? ',' : '', JSON.stringify(key), ':');
      writeCanonicalJson(fields[key], pieces);
    });
    pieces.push('}');
  } else pieces.push(JSON.stringify(value) ?? 'null');
}

/**
 * sha256 (hex) of an item's canonical JSON without its volatile top-level fields (those that change on
 * every request without the item changing, such as a server clock), so that a re-poll hashes the same.
 */
export function contentHash(item: Record<string, unknown>, volatileFields: readonly string[] = []): string {
  const stable = Object.fromEntries(Object.entries(item).filter(([key]) => !volatileFields.includes(key)));
  return createHash('sha256').update(canonicalJson(stable)).digest('hex');
}
