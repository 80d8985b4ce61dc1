import type { RateWindow, RequestBudget } from '#connectors';
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
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  reserve(
    key: string,
    windows: readonly RateWindow[],
    maxWaitMs: number,
  ): Promise<{ granted: boolean; waitMs: number }> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO request_budgets (key) VALUES ($1) ON CONFLICT (key) DO NOTHING`, [
        key,
      ]);
      const [row] = (await manager.query(
        `SELECT grants_ms, held_until_ms, (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now_ms
         FROM request_budgets WHERE key = $1 FOR UPDATE`,
        [key],
      )) as Array<{ grants_ms: string[]; held_until_ms: string; now_ms: string }>;
      const now = Number(row!.now_ms);
      const longestMs = Math.max(0, ...windows.map((window) => window.periodMs));
      const grants = row!.grants_ms.map(Number).filter((grant) => grant > now - longestMs);
      const slot = nextSlot(grants, Number(row!.held_until_ms), windows, now);
      const waitMs = slot - now;
      if (waitMs > maxWaitMs) return { granted: false, waitMs };
      await manager.query(`UPDATE request_budgets SET grants_ms = $2 WHERE key = $1`, [
        key,
        [...grants, slot],
      ]);
      return { granted: true, waitMs };
    });
  }

  async holdFor(key: string, delayMs: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO request_budgets AS b (key, held_until_ms)
       VALUES ($1, (extract(epoch FROM clock_timestamp()) * 1000)::bigint + $2)
       ON CONFLICT (key) DO UPDATE SET held_until_ms = greatest(b.held_until_ms, excluded.held_until_ms)`,
      [key, Math.max(0, Math.round(delayMs))],
    );
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
