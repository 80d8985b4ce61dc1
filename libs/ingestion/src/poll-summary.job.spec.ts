import type { BeaconConfig } from '#config';
import type { SourceRepository } from '#persistence';
import { Registry } from 'prom-client';
import { IngestionMetrics } from './ingestion.metrics.js';
import { PollSummaryJob } from './poll-summary.job.js';

describe('the poll summary', () => {
  // The sources only serve the data-age gauge, which a summary never reads.
  const metrics = new IngestionMetrics(
    new Registry(),
    null as unknown as SourceRepository,
    {
      metricsTenantLabels: true,
    } as BeaconConfig,
  );
  const job = new PollSummaryJob(metrics);
  const graph = (tenant: string) => ({ channel: 'GRAPH', tenant });

  it('says nothing when nothing polled', async () => {
    expect(await job.summarise()).toBeNull();
  });

  it('adds up every tenant of a channel, and counts only what happened since the last summary', async () => {
    metrics.polls.inc(graph('a'), 3);
    metrics.polls.inc(graph('b'), 2);
    metrics.failures.inc({ ...graph('b'), kind: 'throttled' });
    metrics.signalsStored.inc(graph('a'), 7);
    metrics.polls.inc({ channel: 'X', tenant: '' });
    expect(await job.summarise()).toEqual({
      GRAPH: { polls: 5, failures: 1, signalsStored: 7 },
      X: { polls: 1, failures: 0, signalsStored: 0 },
    });

    metrics.polls.inc(graph('a'));
    expect(await job.summarise()).toEqual({ GRAPH: { polls: 1, failures: 0, signalsStored: 0 } });
    expect(await job.summarise()).toBeNull();
  });
});
