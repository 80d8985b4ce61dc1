import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { IngestionMetrics } from './ingestion.metrics.js';

/** How often the summary line is written. */
const EVERY_MS = 60_000;

export interface ChannelSummary {
  polls: number;
  failures: number;
  signalsStored: number;
}

/**
 * One line a minute at `info` on what the polls did, per channel: polls, failures, new signals. Each poll
 * is logged at `debug` only: at 1,000 tenants polled every minute, a line per poll would be the whole log.
 * Read from the poll metrics, so it says exactly what `/metrics` counts.
 */
@Injectable()
export class PollSummaryJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Polls');
  private readonly counted = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly metrics: IngestionMetrics) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.summarise(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** What happened since the last summary, per channel, logged; null (and no line) when nothing polled. */
  async summarise(): Promise<Record<string, ChannelSummary> | null> {
    const channels: Record<string, ChannelSummary> = {};
    const add = async (counter: Counter<string>, field: keyof ChannelSummary) => {
      for (const { labels, value } of (await counter.get()).values) {
        const channel = String(labels.channel);
        const key = `${field} ${JSON.stringify(labels)}`;
        const since = value - (this.counted.get(key) ?? 0);
        this.counted.set(key, value);
        channels[channel] ??= { polls: 0, failures: 0, signalsStored: 0 };
        channels[channel][field] += since;
      }
    };
    await add(this.metrics.polls, 'polls');
    await add(this.metrics.failures, 'failures');
    await add(this.metrics.signalsStored, 'signalsStored');
    for (const [channel, summary] of Object.entries(channels)) {
      if (summary.polls === 0 && summary.failures === 0 && summary.signalsStored === 0)
        delete channels[channel];
    }
    if (Object.keys(channels).length === 0) return null;
    this.logger.log({ channels }, 'polls in the last minute');
    return channels;
  }
}
