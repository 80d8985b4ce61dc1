/** The rows of a batch query, handed back in the order of the keys DataLoader asked for. */
export function groupedByKey<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): R[][] {
  const groups = new Map<K, R[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}

/** A loader key made of a view and an id, as one string (DataLoader caches by identity). */
export function scopedKey(scope: string | null, id: string): string {
  return `${scope ?? ''}\u0000${id}`;
}

export function splitScopedKey(key: string): { scope: string | null; id: string } {
  const at = key.indexOf('\u0000');
  return { scope: at === 0 ? null : key.slice(0, at), id: key.slice(at + 1) };
}
