import { type BeaconConfig, ConfigModule, loadConfig } from '#config';
import { CorrelationModule } from '#correlation';
import { PersistenceModule } from '#persistence';
import { Test, type TestingModule } from '@nestjs/testing';

/**
 * The correlator (and the persistence it folds through) on a test database, started. `config` is a
 * process's whole configuration, or the variables a test sets beside DATABASE_URL (e.g. GRAPH_POLL_SECONDS).
 */
export async function startCorrelationTestModule(
  databaseUrl: string,
  config: BeaconConfig | Record<string, string> = {},
): Promise<TestingModule> {
  const loaded = isConfig(config) ? config : loadConfig({ ...config, DATABASE_URL: databaseUrl });
  const app = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(loaded), PersistenceModule.forRoot(databaseUrl), CorrelationModule],
  }).compile();
  await app.init();
  return app;
}

function isConfig(config: BeaconConfig | Record<string, string>): config is BeaconConfig {
  return typeof config.database === 'object';
}
