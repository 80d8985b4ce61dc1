import type { RateWindow, RequestBudget } from '#connectors';
import { RequestBudgetsRepository } from '#persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/**
 * Upstream budgets shared by every ingestor process (`request_budgets`): a key's row holds the start times
 * of the requests granted within its longest window, on the database's clock, and a reservation takes the
 * row's lock, so that concurrent callers in any number of processes are granted one after the other and
 * no sliding window is ever exceeded, whichever process polls the tenant and however often it moves.
 */
@Injectable()
export class RequestBudgetLedger implements RequestBudget {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly budgets: RequestBudgetsRepository,
  ) {}

  reserve(
    key: string,
    windows: readonly RateWindow[],
    maxWaitMs: number,
  ): Promise<{ granted: boolean; waitMs: number }> {
    return this.dataSource.transaction(async (manager) => {
      const { grantsMs, heldUntilMs, nowMs: now } = await this.budgets.lock(manager, key);
      const longestMs = Math.max(0, ...windows.map((window) => window.periodMs));
      const grants = grantsMs.filter((grant) => grant > now - longestMs);
      const slot = nextSlot(grants, heldUntilMs, windows, now);
      const waitMs = slot - now;
      if (waitMs > maxWaitMs) return { granted: false, waitMs };
      await this.budgets.setGrants(manager, key, [...grants, slot]);
      return { granted: true, waitMs };
    });
  }

  holdFor(key: string, delayMs: number): Promise<void> {
    return this.budgets.holdFor(key, delayMs);
  }
}

/** The earliest start at or after `now` that keeps every window within its limit (grants ascending). */
export function nextSlot(
  grants: number[],
  heldUntil: number,
  windows: readonly RateWindow[],
  now: number,
): number {
  let slot = Math.max(now, heldUntil, grants.at(-1) ?? now);
  for (const { limit, periodMs } of windows) {
    const blocking = grants[grants.length - limit];
    if (blocking !== undefined) slot = Math.max(slot, blocking + periodMs);
  }
  return slot;
}
