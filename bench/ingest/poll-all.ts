/**
 * Polls in flight at once: every source's by default (the figures in docs/benchmarks.md), or as many as
 * BENCH_IN_FLIGHT says, e.g. 8 as an ingestor's scheduler runs them (MAX_POLLS_IN_FLIGHT in
 * apps/ingestor/src/poll.scheduler.ts), which leaves the write pool (10 connections) room for the correlator:
 * with every source's poll at once, the correlator's steps wait behind the polls for a connection.
 */
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? Infinity);

/** Runs `poll` over the connectors, IN_FLIGHT at a time, in their order; the results in that order. */
export async function pollAll<C, R>(connectors: C[], poll: (connector: C) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(IN_FLIGHT, connectors.length) }, async () => {
      while (next < connectors.length) {
        const index = next++;
        results[index] = await poll(connectors[index]!);
      }
    }),
  );
  return results;
}
