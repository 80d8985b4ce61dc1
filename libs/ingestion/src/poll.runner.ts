import { type Connector, ConnectorError } from '#connectors';
import { CorrelationService, lockIngest } from '#correlation';
import type { SourceEntity } from '#persistence';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { nextAttemptDelay } from './backoff.js';
import { IngestionMetrics, labelsOf } from './ingestion.metrics.js';
import { PollRunRepository } from './poll-run.repository.js';
import { storeSignals } from './signal.store.js';
import { SourceRepository } from './source.repository.js';

export interface PollSettings {
  intervalMs: number;
  timeoutMs: number;
  /** Aborts the poll when the process shuts down. */
  shutdown?: AbortSignal;
}

/**
 * Longest pause after repeated failures: a few intervals, and never more than five minutes, so that a
 * source coming back (the admin center after an outage) is noticed soon.
 */
/** An upstream asking to wait longer than this is not believed: the source would silently stop. */
const MAX_RETRY_AFTER_MS = 3600_000;

const maxBackoffMs = (intervalMs: number) => Math.max(intervalMs, Math.min(8 * intervalMs, 5 * 60_000));

/**
 * Runs one poll of one source: one `poll_runs` row; the new signals, the source's new cursor and their
 * correlation in one transaction, so that a crash mid-poll neither loses nor repeats anything; the
 * source's health after every attempt. It never throws: one failing source must not disturb the others.
 */
@Injectable()
export class PollRunner {
  private readonly logger = new Logger(PollRunner.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sources: SourceRepository,
    private readonly pollRuns: PollRunRepository,
    private readonly metrics: IngestionMetrics,
    private readonly correlation: CorrelationService,
  ) {}

  async run(connector: Connector, settings: PollSettings): Promise<SourceEntity> {
    const source = await this.sources.get(connector);
    const labels = labelsOf(source);
    const startedAt = new Date();
    const run = await this.pollRuns.start(source.id, startedAt);
    this.metrics.polls.inc(labels);
    const stopTimer = this.metrics.duration.startTimer(labels);
    const signal = AbortSignal.any([
      AbortSignal.timeout(settings.timeoutMs),
      ...(settings.shutdown ? [settings.shutdown] : []),
    ]);

    try {
      const result = await connector.poll({ cursor: source.cursor, signal });
      const finishedAt = new Date();
      const stored = await this.dataSource.transaction(async (manager) => {
        await lockIngest(manager);
        const stored = await storeSignals(manager, result.signals, finishedAt);
        await this.sources.recordSuccess(manager, source, {
          at: finishedAt,
          cursor: result.cursor,
          partial: result.partial,
          nextAttemptAt: new Date(finishedAt.getTime() + settings.intervalMs),
        });
        await this.pollRuns.finish(
          run,
          {
            finishedAt,
            requests: result.requests,
            signalsSeen: result.signals.length,
            signalsStored: stored.length,
            ...(result.partial ? { errorKind: 'partial', error: result.partial } : {}),
          },
          manager,
        );
        await this.correlation.apply(manager, stored, finishedAt, connector.tenantId);
        return stored;
      });
      this.metrics.signalsStored.inc(labels, stored.length);
      this.metrics.throttledSeconds.inc(labels, result.throttledMs / 1000);
      if (stored.length > 0) this.logger.log({ ...labels, stored: stored.length }, 'new signals stored');
      return await this.sources.get(connector);
    } catch (error) {
      const failure = classify(error, signal);
      const stats = error instanceof ConnectorError ? error.pollStats : undefined;
      const at = new Date();
      if (settings.shutdown?.aborted) {
        // Stopped by this process's shutdown, not failed: nothing was stored, the next poll starts over.
        await this.pollRuns.finish(run, {
          finishedAt: at,
          requests: stats?.requests ?? 0,
          signalsSeen: 0,
          signalsStored: 0,
          errorKind: 'aborted',
          error: 'the process shut down during the poll',
        });
        return source;
      }
      this.metrics.failures.inc({ ...labels, kind: failure.kind });
      this.metrics.throttledSeconds.inc(labels, (stats?.throttledMs ?? 0) / 1000);
      this.logger.warn(
        { ...labels, kind: failure.kind, error: failure.message, err: failure.cause },
        'poll failed',
      );
      await this.pollRuns.finish(run, {
        finishedAt: at,
        requests: stats?.requests ?? 0,
        signalsSeen: 0,
        signalsStored: 0,
        errorKind: failure.kind,
        error: failure.message,
      });
      return this.sources.recordFailure(source, {
        at,
        error: `${failure.kind}: ${failure.message}`,
        nextAttemptAt: (failures) =>
          new Date(
            at.getTime() +
              Math.max(
                settings.intervalMs,
                Math.min(failure.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS),
                nextAttemptDelay(failures, settings.intervalMs, maxBackoffMs(settings.intervalMs)),
              ),
          ),
      });
    } finally {
      stopTimer();
    }
  }
}

function classify(
  error: unknown,
  signal: AbortSignal,
): { kind: string; message: string; retryAfterMs?: number; cause?: unknown } {
  if (error instanceof ConnectorError)
    return { kind: error.kind, message: error.message, retryAfterMs: error.retryAfterMs };
  if (signal.aborted) return { kind: 'timeout', message: 'the poll did not finish in time' };
  // Not an upstream failure: a defect or the database. The API shows `lastError`; the details go to the log.
  return { kind: 'internal', message: 'internal error (see the log)', cause: error };
}
