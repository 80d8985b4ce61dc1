import { SourceEntity } from '#persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

const LABELS = ['channel', 'tenant'] as const;
type Labels = { channel: string; tenant: string };

/** Per channel and tenant: polls, failures by kind, duration, signals stored, throttling, data age. */
@Injectable()
export class IngestionMetrics {
  readonly polls: Counter<(typeof LABELS)[number]>;
  readonly failures: Counter<(typeof LABELS)[number] | 'kind'>;
  readonly duration: Histogram<(typeof LABELS)[number]>;
  readonly signalsStored: Counter<(typeof LABELS)[number]>;
  readonly throttledSeconds: Counter<(typeof LABELS)[number]>;

  constructor(registry: Registry, @InjectDataSource() dataSource: DataSource) {
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
        const sources = await dataSource.manager.find(SourceEntity);
        for (const source of sources) {
          if (source.lastSuccessAt === null) continue;
          const age = (Date.now() - source.lastSuccessAt.getTime()) / 1000;
          this.set(labelsOf(source), age);
        }
      },
    });
  }
}

export function labelsOf(source: { channel: string; tenantId: string | null }): Labels {
  return { channel: source.channel, tenant: source.tenantId ?? '' };
}
