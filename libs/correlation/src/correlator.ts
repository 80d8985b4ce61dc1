import { BEACON_CONFIG, type BeaconConfig } from '#config';
import { enqueueNotifications } from '#notifications';
import {
  AccountedGraphSuccessesRepository,
  CorrelationCursorRepository,
  payloadsOf,
  type PayloadsByHash,
  SignalLogRepository,
  StatusTenantsRepository,
} from '#persistence';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type CorrelationResult, CorrelationService } from './correlation.service.js';

const log = new SignalLogRepository();
const cursors = new CorrelationCursorRepository();
const accountedGraphSuccesses = new AccountedGraphSuccessesRepository();
const statusTenants = new StatusTenantsRepository();

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
 * What a step knows of earlier ones is in the database (the cursor, the Graph answers accounted for), not
 * in this process: the turn passes between processes from one step to the next.
 */
@Injectable()
export class Correlator {
  private nextSize = STEP_SIZE;
  /**
   * The last step's payloads: a first import folds each tenant's copy of the same issues step after step,
   * and reading and parsing them again each step was a tenth of the fold.
   */
  private lastPayloads: PayloadsByHash = new Map();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly correlation: CorrelationService,
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
  ) {}

  /**
   * @param everyTenant account for time: recompute the statuses of every tenant time may have changed
   *   since the last such step (all of them the first time, on a database).
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

  private stepOf(now: Date, everyTenant: boolean, size: number): Promise<CorrelatorStep | null> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await cursors.tryTakeTurn(manager))) return null;
      const horizon = await log.horizon(manager);
      const cursor = await cursors.read(manager);
      const signals = await log.read(manager, cursor.position, horizon, size, this.lastPayloads);
      this.lastPayloads = payloadsOf(signals);
      const context = this.correlation.context(manager);
      await this.correlation.fold(context, signals);
      // A Graph answer makes its tenant fresh again, with no signal.
      const answered = await accountedGraphSuccesses.unaccounted(manager);
      const timeChecked = cursor.freshnessCheckedAt;
      const scopes: Array<string | null> = answered.map((success) => success.tenantId);
      if (everyTenant && timeChecked === null) scopes.push(null);
      if (everyTenant && timeChecked !== null) {
        const staleSeconds = this.config.graph.staleSeconds;
        scopes.push(...(await statusTenants.timeMayHaveChanged(manager, timeChecked, now, staleSeconds)));
      }
      const result = await this.correlation.finish(context, now, scopes);
      await accountedGraphSuccesses.account(manager, answered);
      await enqueueNotifications(manager, result, now);
      const last = signals.at(-1);
      const position = last ? { observedAt: last.observedAt, id: last.id } : cursor.position;
      if (last || everyTenant) {
        await cursors.write(manager, { position, freshnessCheckedAt: everyTenant ? now : timeChecked }, now);
      }
      const newest = signals.reduce<Date | null>(
        (max, s) => (max === null || s.observedAt > max ? s.observedAt : max),
        null,
      );
      const pending = await log.hasAfter(manager, position);
      return { ...result, applied: signals.length, pending, newestObservedAt: newest };
    });
  }
}
