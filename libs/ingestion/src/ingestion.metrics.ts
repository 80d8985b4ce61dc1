import { BEACON_CONFIG, type BeaconConfig } from '#config';
import { SourceRepository } from '#persistence';
import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

const LABELS = ['channel', 'tenant'] as const;
type Labels = { channel: string; tenant: string };

/**
 * Per channel (and per tenant with METRICS_TENANT_LABELS=true: by default a scrape does not list an MSP's
 * customers, and the tenant label stays empty): polls, failures by kind, duration, signals stored,
 * throttling, data age.
 */
@Injectable()
export class IngestionMetrics {
  readonly polls: Counter<(typeof LABELS)[number]>;
  readonly failures: Counter<(typeof LABELS)[number] | 'kind'>;
  readonly duration: Histogram<(typeof LABELS)[number]>;
  readonly signalsStored: Counter<(typeof LABELS)[number]>;
  readonly throttledSeconds: Counter<(typeof LABELS)[number]>;

  private readonly tenantLabels: boolean;

  constructor(registry: Registry, sources: SourceRepository, @Inject(BEACON_CONFIG) config: BeaconConfig) {
    this.tenantLabels = config.metricsTenantLabels;
    const labelsOf = (source: Source) => this.labelsOf(source);
    const registers = [registry];
    this.polls = new Counter({
      name: 'beacon_polls_total',
      help: 'Polls attempted.',
      labelNames: LABELS,
      registers,
    });
    this.failures = new Counter({
      name: 'beacon_poll_failures_total',
      help: 'Polls that failed, by kind of failure.',
      labelNames: [...LABELS, 'kind'],
      registers,
    });
    this.duration = new Histogram({
      name: 'beacon_poll_duration_seconds',
      help: 'How long a poll took, waiting on rate limits included.',
      labelNames: LABELS,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.signalsStored = new Counter({
      name: 'beacon_signals_stored_total',
      help: 'New raw signals stored (items seen before are not counted).',
      labelNames: LABELS,
      registers,
    });
    this.throttledSeconds = new Counter({
      name: 'beacon_throttled_seconds_total',
      help: 'Time spent waiting on upstream rate limits.',
      labelNames: LABELS,
      registers,
    });
    new Gauge({
      name: 'beacon_data_age_seconds',
      help: 'Age of the newest data: time since the last successful poll.',
      labelNames: LABELS,
      registers,
      async collect() {
        this.reset();
        // Without tenant labels, a channel's age is that of its stalest tenant.
        const ages = new Map<string, { labels: Labels; age: number }>();
        for (const source of await sources.all()) {
          if (source.lastSuccessAt === null) continue;
          const labels = labelsOf(source);
          const age = (Date.now() - source.lastSuccessAt.getTime()) / 1000;
          const key = `${labels.channel}/${labels.tenant}`;
          if ((ages.get(key)?.age ?? -1) < age) ages.set(key, { labels, age });
        }
        for (const { labels, age } of ages.values()) this.set(labels, age);
      },
    });
  }

  labelsOf(source: Source): Labels {
    return { channel: source.channel, tenant: this.tenantLabels ? (source.tenantId ?? '') : '' };
  }
}

type Source = { channel: string; tenantId: string | null };
