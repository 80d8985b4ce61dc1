import { availableParallelism } from 'node:os';

/**
 * How the benchmark's load generator (autocannon, in the runner's process) asks, identically of Beacon and
 * of PostGraphile.
 *
 * - Headers as a browser or a frontend's HTTP client sends them: `Accept-Encoding: gzip, br` (each server
 *   compresses as it chooses: Beacon answers over 1 KB in br, PostGraphile's grafserv sends plain JSON).
 *   BENCH_ACCEPT_ENCODING sets another value; empty sends none (the answers as they are).
 * - autocannon's `workers`: the connections spread over that many worker threads (BENCH_WORKERS, by default
 *   one per core, never more than connections; 0: all in the runner's thread). A single thread parsing
 *   answers was the ceiling at about 5,000 requests a second, whichever server answered.
 */
const ACCEPT_ENCODING = process.env.BENCH_ACCEPT_ENCODING ?? 'gzip, br';
const WORKERS = Number(process.env.BENCH_WORKERS ?? availableParallelism());

export const REQUEST_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json',
  ...(ACCEPT_ENCODING ? { 'accept-encoding': ACCEPT_ENCODING } : {}),
};

/** autocannon's `workers` for this many connections (undefined: none, the runner's thread). */
export function workersFor(connections: number): number | undefined {
  const workers = Math.min(WORKERS, connections);
  return workers > 1 ? workers : undefined;
}

/** The load generator's settings, as the tables print them. */
export const LOAD_SETTINGS = `Accept-Encoding: ${ACCEPT_ENCODING || '(none)'}; autocannon workers: ${WORKERS > 1 ? `${WORKERS} (at most one per connection)` : 'none'}`;
