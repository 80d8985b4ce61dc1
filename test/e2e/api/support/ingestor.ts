import { type BeaconConfig, ConfigModule } from '#config';
import { CorrelationModule, CorrelationService, type CorrelationResult } from '#correlation';
import type { RawSignal } from '#domain';
import { storeSignals } from '#ingestion';
import { PersistenceModule } from '#persistence';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';

/**
 * A stand-in for an ingestor process: its own Nest context and connection pool on the test database,
 * storing and correlating signals in one transaction, as a poll does.
 */
export class TestIngestor {
  private constructor(
    private readonly app: TestingModule,
    readonly dataSource: DataSource,
    private readonly correlation: CorrelationService,
  ) {}

  static async start(config: BeaconConfig, databaseUrl: string): Promise<TestIngestor> {
    const app = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), PersistenceModule.forRoot(databaseUrl), CorrelationModule],
    }).compile();
    await app.init();
    return new TestIngestor(app, app.get(DataSource), app.get(CorrelationService));
  }

  /** Stores and correlates signals as one poll observed at `now` would (scope: the tenant polled, if any). */
  ingest(signals: RawSignal[], now: Date, scope: string | null = null): Promise<CorrelationResult> {
    return this.dataSource.transaction(async (manager) =>
      this.correlation.apply(manager, await storeSignals(manager, signals, now), now, scope),
    );
  }

  /** Recomputes every tenant's service statuses as of `now`, as the ingestor's status job does. */
  refreshStatuses(now = new Date()): Promise<CorrelationResult> {
    return this.dataSource.transaction((manager) => this.correlation.refreshStatuses(manager, now));
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
