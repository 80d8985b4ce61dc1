import { BEACON_CONFIG, type BeaconConfig } from '#config';
import { enqueueNotifications } from '#notifications';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { type CorrelationResult, CorrelationService } from './correlation.service.js';
import { tryLockCorrelator } from './correlator.lock.js';
import { hasSignalsAfter, logHorizon, readCursor, readLog, writeCursor } from './signal-log.js';

/** Signals folded per step when the log is caught up: few enough to keep each transaction short. */
const STEP_SIZE = 2000;
/**
 * While catching up (a first import), a full step sizes the next, at the rate it just folded, to take about
 * STEP_TARGET_MS, or a quarter of how far the log is behind if more (between MIN_STEP_SIZE and this):
 * larger steps fold faster (fewer statements, each incident's facts recomputed once per step), but every
 * signal waits for the end of its step. Far behind, the wait is the backlog's and big steps shorten it;
 * close behind, short steps keep the lag short.
 */
export const CATCH_UP_STEP_SIZE = 32_000;
const MIN_STEP_SIZE = 500;
const STEP_TARGET_MS = 250;

export interface CorrelatorStep extends CorrelationResult {
  /** Signals folded in this step. */
  applied: number;
  /** Whether the log holds more after them (now, or once the transactions storing them have ended). */
  pending: boolean;
  /** When the newest folded signal was stored (for lag). */
  newestObservedAt: Date | null;
}

/**
 * The one writer of derived state. Each step, in one transaction: take the correlator's turn (or return
 * null: another process has it), fold the next signals of the log in log order, recompute the statuses
 * that may have changed, announce the changes, and move the cursor. A crash mid-step rolls all of it back;
 * the next step, here or in another process, starts from the same place, so every signal is folded once.
 */
@Injectable()
export class Correlator {
  /** Graph successes already accounted for (they make a tenant fresh again without a new signal). */
  private graphSuccessesSeenUntil = new Date(0);
  /**
   * Until when time's effect on Graph freshness is accounted for: every tenant's statuses were recomputed
   * then or since, so only tenants whose Graph went stale after it need recomputing. Null: not yet, in this
   * process (each process starts with every tenant).
   */
  private freshnessCheckedAt: Date | null = null;
  private nextSize = STEP_SIZE;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly correlation: CorrelationService,
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
  ) {}

  /**
   * @param everyTenant account for time: recompute the statuses of every tenant time may have changed
   *   since the last such step (all of them in a process's first).
   * @param size how many signals at most (whole polls are never split); by default, STEP_SIZE and more
   *   while catching up.
   */
  async step(now: Date, everyTenant = false, size?: number): Promise<CorrelatorStep | null> {
    const started = performance.now();
    const step = await this.stepOf(now, everyTenant, size ?? this.nextSize);
    if (size === undefined && step) {
      const full = step.pending && step.applied >= this.nextSize;
      const perMs = step.applied / Math.max(1, performance.now() - started);
      const behindMs = Date.now() - (step.newestObservedAt?.getTime() ?? Date.now());
      const targetMs = Math.max(STEP_TARGET_MS, behindMs / 4);
      this.nextSize = full
        ? Math.min(CATCH_UP_STEP_SIZE, Math.max(MIN_STEP_SIZE, Math.round(perMs * targetMs)))
        : STEP_SIZE;
    }
    return step;
  }

  private async stepOf(now: Date, everyTenant: boolean, size: number): Promise<CorrelatorStep | null> {
    const seen = { graphSuccessesUntil: this.graphSuccessesSeenUntil };
    const step = await this.dataSource.transaction(async (manager) => {
      if (!(await tryLockCorrelator(manager))) return null;
      const horizon = await logHorizon(manager);
      const cursor = await readCursor(manager);
      const signals = await readLog(manager, cursor, horizon, size);
      const context = this.correlation.context(manager);
      await this.correlation.fold(context, signals);
      const answered = await this.tenantsGraphAnsweredSince(manager, seen);
      const scopes = !everyTenant
        ? answered
        : this.freshnessCheckedAt === null
          ? [null]
          : [...answered, ...(await this.tenantsTimeMayHaveChanged(manager, this.freshnessCheckedAt, now))];
      const result = await this.correlation.finish(context, now, scopes);
      await enqueueNotifications(manager, result, now);
      const last = signals.at(-1);
      const position = last ? { observedAt: last.observedAt, id: last.id } : cursor;
      if (last) await writeCursor(manager, position, now);
      const newest = signals.reduce<Date | null>(
        (max, s) => (max === null || s.observedAt > max ? s.observedAt : max),
        null,
      );
      const pending = await hasSignalsAfter(manager, position);
      return { ...result, applied: signals.length, pending, newestObservedAt: newest };
    });
    // Only once the step committed: a step rolled back accounted for nothing.
    if (step) {
      this.graphSuccessesSeenUntil = seen.graphSuccessesUntil;
      if (everyTenant) this.freshnessCheckedAt = now;
    }
    return step;
  }

  /**
   * Tenants whose statuses time may have changed since `since`: those whose Graph went from fresh to stale
   * after it, up to `now` (isGraphFresh: stale once more than GRAPH_STALE_SECONDS passed since its last
   * success; a second either side as a margin for rounding, recomputing a few more changes nothing), and
   * those with no status yet (a tenant added since, whose Graph has not answered).
   */
  private async tenantsTimeMayHaveChanged(manager: EntityManager, since: Date, now: Date): Promise<string[]> {
    const rows: Array<{ tenant_id: string }> = await manager.query(
      `SELECT tenant_id FROM sources
       WHERE channel = 'GRAPH' AND tenant_id IS NOT NULL
         AND last_success_at + make_interval(secs => $1) BETWEEN $2::timestamptz - interval '1 second'
                                                           AND $3::timestamptz + interval '1 second'
       UNION
       SELECT id FROM tenants t WHERE NOT EXISTS (SELECT 1 FROM service_statuses s WHERE s.tenant_id = t.id)`,
      [this.config.graph.staleSeconds, since, now],
    );
    return rows.map((row) => row.tenant_id);
  }

  /** Tenants whose Graph answered after `seen.graphSuccessesUntil`, which moves to the newest answer. */
  private async tenantsGraphAnsweredSince(
    manager: EntityManager,
    seen: { graphSuccessesUntil: Date },
  ): Promise<string[]> {
    const rows: Array<{ tenant_id: string; last_success_at: Date }> = await manager.query(
      `SELECT tenant_id, last_success_at FROM sources
       WHERE channel = 'GRAPH' AND tenant_id IS NOT NULL AND last_success_at > $1`,
      [seen.graphSuccessesUntil],
    );
    for (const row of rows) {
      if (row.last_success_at > seen.graphSuccessesUntil) seen.graphSuccessesUntil = row.last_success_at;
    }
    return rows.map((row) => row.tenant_id);
  }
}
