import autocannon, { type Result } from 'autocannon';
import pg from 'pg';
import { REQUEST_HEADERS, workersFor } from './load.js';

export interface MixedRun {
  result: Result;
  /** Changes committed (and announced) during the run. */
  changes: number;
}

/**
 * Reads at full speed, every query of the benchmark in turn on each connection, for `seconds`; with
 * `changes`, a change every second as the correlator makes one: one open incident moves to the top of the
 * list (new status, `last_updated_at` now) and its NOTIFY goes out in the same transaction.
 */
export async function mixedRun(options: {
  url: string;
  bodies: string[];
  connections: number;
  seconds: number;
  changes?: { databaseUrl: string };
}): Promise<MixedRun> {
  const client = options.changes ? new pg.Client({ connectionString: options.changes.databaseUrl }) : null;
  await client?.connect();
  let changes = 0;
  const change = async () => {
    await client!.query(
      `WITH changed AS (
         UPDATE incidents SET last_updated_at = now(),
           status = CASE WHEN $1::int % 2 = 0 THEN 'investigating' ELSE 'serviceDegradation' END
         WHERE id = (SELECT id FROM incidents WHERE NOT is_resolved ORDER BY last_updated_at LIMIT 1)
         RETURNING id)
       SELECT pg_notify('beacon_changes', json_build_object('type', 'incident', 'incidentId', id)::text)
       FROM changed`,
      [changes],
    );
    changes += 1;
  };
  // One change at a time; a failed one fails the run once the reads are done.
  let pending: Promise<void> = Promise.resolve();
  let failure: unknown = null;
  const timer = client
    ? setInterval(() => {
        pending = pending.then(change).catch((error: unknown) => void (failure ??= error));
      }, 1_000)
    : null;
  try {
    const result = await autocannon({
      url: options.url,
      connections: options.connections,
      workers: workersFor(options.connections),
      duration: options.seconds,
      requests: options.bodies.map((body) => ({ method: 'POST', headers: { ...REQUEST_HEADERS }, body })),
    });
    // Timeouts (no answer within 10 s) are a result under load, counted in the table; anything else fails.
    if (result.non2xx || result.errors > result.timeouts) {
      throw new Error(`mixed run: ${result.errors} errors, ${result.non2xx} non-2xx`);
    }
    if (failure) throw failure;
    return { result, changes };
  } finally {
    if (timer) clearInterval(timer);
    await pending;
    await client?.end();
  }
}

/**
 * Beacon's read cache counters (`/metrics`): the whole answers' lookups by outcome (`whole.hit`, …), and the
 * root fields' reads by outcome, summed over `Query.*` (`field.hit`, …; only the requests that ran count).
 */
export async function cacheOutcomes(baseUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const totals: Record<string, number> = {};
  const add = (key: string, count: string) => (totals[key] = (totals[key] ?? 0) + Number(count));
  for (const [, outcome, count] of text.matchAll(
    /^beacon_api_response_cache_reads_total\{outcome="([^"]+)"\} (\d+)/gm,
  )) {
    add(`whole.${outcome!}`, count!);
  }
  for (const [, outcome, count] of text.matchAll(
    /^beacon_api_cache_reads_total\{field="Query\.[^"]+",outcome="([^"]+)"\} (\d+)/gm,
  )) {
    add(`field.${outcome!}`, count!);
  }
  return totals;
}

/**
 * Answers from memory among the lookups of one layer ('whole' or 'field') between two counts of
 * `cacheOutcomes`: whole answers kept or shared with an identical request in flight (neither runs GraphQL);
 * fields kept (those that waited on the same read count as misses).
 */
export function hitRate(
  before: Record<string, number>,
  after: Record<string, number>,
  layer: 'whole' | 'field',
): number {
  const delta = (outcome: string) =>
    (after[`${layer}.${outcome}`] ?? 0) - (before[`${layer}.${outcome}`] ?? 0);
  const reads = ['hit', 'miss', 'shared', 'bypass'].reduce((sum, outcome) => sum + delta(outcome), 0);
  const fromMemory = delta('hit') + (layer === 'whole' ? delta('shared') : 0);
  return reads === 0 ? 0 : fromMemory / reads;
}
