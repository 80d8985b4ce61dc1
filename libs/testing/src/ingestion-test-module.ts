import { ConfigModule, loadConfig } from '#config';
import { CorrelationModule } from '#correlation';
import { IngestionModule } from '#ingestion';
import { PersistenceModule } from '#persistence';
import { MetricsModule } from '#runtime';
import { Test, type TestingModule } from '@nestjs/testing';

/** Ingestion (poll runner, sources, locks, metrics) and the correlator on a test database, started. */
export async function startIngestionTestModule(databaseUrl: string): Promise<TestingModule> {
  const app = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(loadConfig({ DATABASE_URL: databaseUrl })),
      PersistenceModule.forRoot(databaseUrl),
      MetricsModule,
      IngestionModule,
      CorrelationModule,
    ],
  }).compile();
  await app.init();
  return app;
}
