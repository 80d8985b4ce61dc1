import { createHash } from 'node:crypto';
import { configure } from 'safe-stable-stringify';

/** JSON.stringify with object keys sorted (by UTF-16 code units, as `Array.prototype.sort`) at every depth. */
const stableStringify = configure({ deterministic: true, circularValue: Error, bigint: false });

/**
 * JSON with object keys sorted at every depth, so that the same content always gives the same text
 * whatever order the upstream wrote its fields in. Like JSON.stringify, undefined properties are left out.
 * safe-stable-stringify writes the same text as the hand-written walk it replaced (pinned by the fixtures'
 * hashes in the spec) about three times as fast, which matters: every item of every answer is hashed, and
 * this was a third of what an ingestor allocated.
 */
export function canonicalJson(value: unknown): string {
  return stableStringify(value) ?? 'null';
}

/** Items' hashes by object: an item is hashed to validate it (`validateItems`), then for its signal. */
const itemHashes = new WeakMap<object, string>();

/**
 * sha256 (hex) of an item's canonical JSON without its volatile top-level fields (those that change on
 * every request without the item changing, such as a server clock), so that a re-poll hashes the same.
 * Without volatile fields, an item's hash is computed once: items are parsed answers, never changed.
 */
export function contentHash(item: Record<string, unknown>, volatileFields: readonly string[] = []): string {
  if (volatileFields.length > 0) {
    const stable = Object.fromEntries(Object.entries(item).filter(([key]) => !volatileFields.includes(key)));
    return sha256(canonicalJson(stable));
  }
  let hash = itemHashes.get(item);
  if (hash === undefined) {
    hash = sha256(canonicalJson(item));
    itemHashes.set(item, hash);
  }
  return hash;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
