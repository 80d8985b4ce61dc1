import { type Connector, ConnectorError } from '#connectors';
import {
  appendSignals,
  PollRunRepository,
  prepareSignals,
  SourceRepository,
  type SourceEntity,
} from '#persistence';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { nextAttemptDelay } from './backoff.js';
import { IngestionMetrics } from './ingestion.metrics.js';

export interface PollSettings {
  intervalMs: number;
  timeoutMs: number;
  /** Aborts the poll when it may no longer store: the process shuts down, or lost the source's lock. */
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
 * Runs one poll of one source: one `poll_runs` row; the new signals, the source's new cursor and the poll
 * run in one transaction, so that a crash mid-poll neither loses nor repeats anything; the source's health
 * after every attempt. It only appends: the correlator derives incidents and statuses from the log, so
 * polls of different sources never wait on each other. It never throws: one failing source must not
 * disturb the others.
 */
@Injectable()
export class PollRunner {
  private readonly logger = new Logger(PollRunner.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sources: SourceRepository,
    private readonly pollRuns: PollRunRepository,
    private readonly metrics: IngestionMetrics,
  ) {}

  async run(connector: Connector, settings: PollSettings): Promise<SourceEntity> {
    const source = await this.sources.get(connector);
    const labels = this.metrics.labelsOf(source);
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
      const unreadable = result.signals.filter((s) => s.unreadable !== undefined).length;
      settings.shutdown?.throwIfAborted();
      // Payloads are committed before the transaction, so that polls sharing them never wait on each other.
      const prepared = await prepareSignals(this.dataSource.manager, result.signals);
      const stored = await this.dataSource.transaction(async (manager) => {
        settings.shutdown?.throwIfAborted();
        const stored = await appendSignals(manager, prepared);
        await this.sources.recordSuccess(manager, source, {
          at: finishedAt,
          cursor: result.cursor,
          partial: result.partial,
          nextAttemptAt: new Date(finishedAt.getTime() + settings.intervalMs),
        });
        await this.pollRuns.finish(manager, run, {
          finishedAt,
          requests: result.requests,
          signalsSeen: result.signals.length,
          signalsStored: stored,
          ...partialOutcome(result.partial, unreadable),
        });
        // The lock may have gone while this transaction ran: then another process may poll the source.
        settings.shutdown?.throwIfAborted();
        return stored;
      });
      this.metrics.signalsStored.inc(labels, stored);
      this.metrics.throttledSeconds.inc(labels, result.throttledMs / 1000);
      this.logger.debug({ ...labels, stored }, 'polled');
      return await this.sources.get(connector);
    } catch (error) {
      const failure = classify(error, signal);
      const stats = error instanceof ConnectorError ? error.pollStats : undefined;
      const at = new Date();
      if (settings.shutdown?.aborted) {
        // Stopped (shutdown, lost lock), not failed: nothing was stored, the next poll starts over.
        await this.pollRuns.finish(this.dataSource.manager, run, {
          finishedAt: at,
          requests: stats?.requests ?? 0,
          signalsSeen: 0,
          signalsStored: 0,
          errorKind: 'aborted',
          error: abortReason(settings.shutdown),
        });
        return source;
      }
      this.metrics.failures.inc({ ...labels, kind: failure.kind });
      this.metrics.throttledSeconds.inc(labels, (stats?.throttledMs ?? 0) / 1000);
      this.logger.warn(
        { ...labels, kind: failure.kind, error: failure.message, err: failure.cause },
        'poll failed',
      );
      // The run and its source change together, as on success: no reader sees one without the other.
      return await this.dataSource.transaction(async (manager) => {
        await this.pollRuns.finish(manager, run, {
          finishedAt: at,
          requests: stats?.requests ?? 0,
          signalsSeen: 0,
          signalsStored: 0,
          errorKind: failure.kind,
          error: failure.message,
        });
        return this.sources.recordFailure(manager, source, {
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
      });
    } finally {
      stopTimer();
    }
  }
}

function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name !== 'AbortError') return reason.message;
  return typeof reason === 'string' ? reason : 'the process shut down during the poll';
}

/** A poll that answered only in part, or with items that failed validation (stored, marked unreadable). */
function partialOutcome(
  partial: string | undefined,
  unreadable: number,
): { errorKind?: string; error?: string } {
  const notes = [
    ...(partial ? [partial] : []),
    ...(unreadable > 0 ? [`${unreadable} item(s) failed validation and were stored unreadable`] : []),
  ];
  return notes.length > 0 ? { errorKind: 'partial', error: notes.join('; ') } : {};
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
