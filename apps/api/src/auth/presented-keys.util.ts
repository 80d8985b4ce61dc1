const BEARER = /^Bearer\s+(\S.*)$/i;

/**
 * The keys a request presents: `Authorization: Bearer <key>` or `x-api-key: <key>` in its headers, or the
 * same names (any casing, also `apiKey`, or nested under `headers`) in a WebSocket's connection_init
 * payload, which is how browsers, that cannot set WebSocket headers, send one.
 */
export function presentedKeys(source: unknown): string[] {
  if (typeof source !== 'object' || source === null) return [];
  const entries = Object.entries(source as Record<string, unknown>);
  const nested = entries.find(([name]) => name.toLowerCase() === 'headers')?.[1];
  const keys: string[] = nested === source ? [] : presentedKeys(nested);
  for (const [name, value] of entries) {
    if (typeof value !== 'string') continue;
    const lower = name.toLowerCase();
    if (lower === 'x-api-key' || lower === 'apikey') keys.push(value.trim());
    if (lower === 'authorization') {
      const bearer = BEARER.exec(value.trim());
      keys.push(bearer ? bearer[1]!.trim() : value.trim());
    }
  }
  return keys.filter((key) => key.length > 0);
}
