import type { BeaconConfig } from '#config';
import { type CorrelationResult, Correlator } from '#correlation';
import type { RawSignal } from '#domain';
import { storeSignals } from '#persistence';
import { correlateAll, startCorrelationTestModule } from '#testing';
import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';

/**
 * A stand-in for an ingestor process: its own Nest context and connection pool on the test database,
 * appending signals as a poll does, then folding them as its correlator does.
 */
export class TestIngestor {
  private constructor(
    private readonly app: TestingModule,
    readonly dataSource: DataSource,
    private readonly correlator: Correlator,
  ) {}

  static async start(config: BeaconConfig, databaseUrl: string): Promise<TestIngestor> {
    const app = await startCorrelationTestModule(databaseUrl, config);
    return new TestIngestor(app, app.get(DataSource), app.get(Correlator));
  }

  /**
   * Stores signals as one poll observed at `now` would, then folds the log as the correlator does. Polls
   * are observed as they store, so a story's polls must come in time order: one observed before what the
   * correlator has folded would never be folded, and that is a mistake in the test.
   */
  async ingest(signals: RawSignal[], now: Date): Promise<CorrelationResult> {
    const [folded] = await this.dataSource.query(`SELECT last_observed_at FROM correlation_cursor`);
    const foldedUntil = (folded as { last_observed_at: Date } | undefined)?.last_observed_at;
    if (foldedUntil && now < foldedUntil) {
      throw new Error(
        `a poll observed at ${now.toISOString()}, before ${foldedUntil.toISOString()}, already folded`,
      );
    }
    await this.dataSource.transaction((manager) => storeSignals(manager, signals, now));
    return correlateAll(this.correlator, now);
  }

  /** Recomputes every tenant's service statuses as of `now`, as the correlator does every few seconds. */
  refreshStatuses(now = new Date()): Promise<CorrelationResult> {
    return correlateAll(this.correlator, now, true);
  }

  /** Records the tenants as the ingestor's start-up does. */
  async registerTenants(tenants: Array<{ id: string; displayName?: string }>): Promise<void> {
    for (const { id, displayName } of tenants) {
      await this.dataSource.query(
        `INSERT INTO tenants (id, display_name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`,
        [id, displayName ?? id],
      );
    }
  }

  /** Sets a source's health as a poll would have left it. */
  async setSource(source: {
    channel: 'GRAPH' | 'STATUS_SITE' | 'X';
    tenantId?: string | null;
    state: 'HEALTHY' | 'DEGRADED' | 'DOWN' | 'DISABLED';
    lastSuccessAt?: Date | null;
    lastAttemptAt?: Date | null;
    consecutiveFailures?: number;
    lastError?: string | null;
  }): Promise<void> {
    const tenantId = source.tenantId ?? null;
    await this.dataSource.query(
      `DELETE FROM sources WHERE channel = $1 AND tenant_id IS NOT DISTINCT FROM $2`,
      [source.channel, tenantId],
    );
    await this.dataSource.query(
      `INSERT INTO sources (channel, tenant_id, state, last_attempt_at, last_success_at, consecutive_failures, last_error)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        source.channel,
        tenantId,
        source.state,
        source.lastAttemptAt ?? source.lastSuccessAt ?? null,
        source.lastSuccessAt ?? null,
        source.consecutiveFailures ?? 0,
        source.lastError ?? null,
      ],
    );
  }

  async close(): Promise<void> {
    await this.app.close();
  }
}
