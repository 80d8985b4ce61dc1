import { xPostSignal } from '#testing';
import { MAX_AGE_MS } from '../../../apps/api/src/cache/read-cache.policy.js';
import type { TestIngestor } from '../api/support/ingestor.js';

export const INCIDENT = `query($id: ID!) { incident(id: $id) { id updates { text } } }`;
export const PAGE = `{ incidents(first: 5) { edges { node { id updates { text } } } } }`;

export interface IncidentData {
  incident: { id: string; updates: Array<{ text: string }> } | null;
}
export interface PageData {
  incidents: { edges: Array<{ node: { id: string; updates: Array<{ text: string }> } }> };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Posts on X about a provisional incident, as a poll and the correlator's next step would store it. */
export function xPoster(ingestor: TestIngestor): (reference: string) => Promise<unknown> {
  let posts = 0;
  return (reference) => {
    posts += 1;
    const at = new Date();
    return ingestor.ingest(
      [
        xPostSignal(
          `cache-${posts}`,
          `Update ${posts}: we're investigating delays in Exchange Online. ${reference}`,
          at,
        ),
      ],
      at,
    );
  };
}

/**
 * Waits for the start of a time bucket of the cache's default maximum age, so that what follows (a few
 * seconds at most) cannot be explained by an answer expiring: only by a notice, or by LISTEN's loss.
 */
export async function atBucketStart(): Promise<number> {
  await sleep(MAX_AGE_MS.default - (Date.now() % MAX_AGE_MS.default) + 20);
  return Date.now();
}

/** Asserts that no bucket boundary was crossed since `start` (see atBucketStart). */
export function sameBucket(start: number): boolean {
  return Math.floor(Date.now() / MAX_AGE_MS.default) === Math.floor(start / MAX_AGE_MS.default);
}

/** The cache's reads of one field by outcome, from the process's /metrics (a loopback Beacon without keys). */
export async function cacheReads(url: string, field: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const match of text.matchAll(
    /^beacon_api_cache_reads_total\{field="([^"]+)",outcome="([^"]+)"\} (\d+)/gm,
  )) {
    if (match[1] === field) counts[match[2]!] = Number(match[3]);
  }
  return counts;
}

/** The whole-answer layer's lookups by outcome (hit, miss, bypass), from the process's /metrics. */
export async function responseReads(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const match of text.matchAll(/^beacon_api_response_cache_reads_total\{outcome="([^"]+)"\} (\d+)/gm)) {
    counts[match[1]!] = Number(match[2]);
  }
  return counts;
}

/** Polls `condition` until it holds (or fails after `timeoutMs`). */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(10);
  }
}
