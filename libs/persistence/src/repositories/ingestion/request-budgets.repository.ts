import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** A budget's row, locked for the reservation that read it; times in epoch milliseconds of the database. */
export interface LockedBudget {
  grantsMs: number[];
  heldUntilMs: number;
  nowMs: number;
}

/** `request_budgets`: upstream budgets shared by every ingestor process, on the database's clock. */
@Injectable()
export class RequestBudgetsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The key's row (made if new), locked until the transaction ends, and the database's now. */
  async lock(manager: EntityManager, key: string): Promise<LockedBudget> {
    await manager.query(`INSERT INTO request_budgets (key) VALUES ($1) ON CONFLICT (key) DO NOTHING`, [key]);
    const [row] = (await manager.query(
      `SELECT grants_ms, held_until_ms, (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now_ms
       FROM request_budgets WHERE key = $1 FOR UPDATE`,
      [key],
    )) as Array<{ grants_ms: string[]; held_until_ms: string; now_ms: string }>;
    return {
      grantsMs: row!.grants_ms.map(Number),
      heldUntilMs: Number(row!.held_until_ms),
      nowMs: Number(row!.now_ms),
    };
  }

  async setGrants(manager: EntityManager, key: string, grantsMs: number[]): Promise<void> {
    await manager.query(`UPDATE request_budgets SET grants_ms = $2 WHERE key = $1`, [key, grantsMs]);
  }

  /** No grant before `delayMs` from now (an upstream's Retry-After); an earlier hold never shortens it. */
  async holdFor(key: string, delayMs: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO request_budgets AS b (key, held_until_ms)
       VALUES ($1, (extract(epoch FROM clock_timestamp()) * 1000)::bigint + $2)
       ON CONFLICT (key) DO UPDATE SET held_until_ms = greatest(b.held_until_ms, excluded.held_until_ms)`,
      [key, Math.max(0, Math.round(delayMs))],
    );
  }
}
