import { type BeaconConfig, loadConfig } from '#config';
import { type Connector, createConnectors, GraphPacerRegistry } from '#connectors';
import { CorrelationModule } from '#correlation';
import { IngestionModule } from '#ingestion';
import {
  type EmbeddedDatabase,
  migrateDatabase,
  SourceRepository,
  startEmbeddedDatabase,
} from '#persistence';
import { BeaconAppModule } from '#runtime';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { DataSource } from 'typeorm';
import { stringify } from 'yaml';
import { generateHistory } from '../apps/simulator/src/index.js';
import { startSimulatorProcess, trustSimulator } from './simulator.process.js';

/** An ingestor's polls and correlator in this process, on a generated history the simulator serves. */
export interface IngestionBench {
  simulator: { process: ChildProcess; env: Record<string, string> };
  database: EmbeddedDatabase;
  config: BeaconConfig;
  /** Ingestion and correlation, started; closed by the caller once done with it. */
  app: INestApplicationContext;
  dataSource: DataSource;
  /** One a source, every source registered. */
  connectors: Connector[];
  /** Stops the simulator and the database. */
  stop(): Promise<void>;
}

/**
 * For bench:ingest and bench:scale's fold: the history (written to `dataDir` unless it is there already)
 * served by the simulator, paused at its start; the embedded database kept in `dataDir`, migrated; the
 * ingestion context configured for the simulator's sources, each registered. With `statements`,
 * `pg_stat_statements` is preloaded and created, to read which statements took the time.
 */
export async function startIngestionBench(
  dataDir: string,
  history: { seed: number; tenants: number; incidents: number },
  { statements = false } = {},
): Promise<IngestionBench> {
  const scenarioFile = path.join(dataDir, 'history.yaml');
  if (!existsSync(scenarioFile)) writeFileSync(scenarioFile, stringify(generateHistory(history)));
  const simulator = await startSimulatorProcess(scenarioFile, { paused: true });
  trustSimulator(simulator);
  try {
    const database = await startEmbeddedDatabase({
      dataDir,
      settings: statements ? { shared_preload_libraries: 'pg_stat_statements' } : {},
    });
    try {
      const ingestion = await startIngestion(database.url, simulator.env, statements);
      const stop = async () => {
        simulator.process.kill('SIGTERM');
        await database.stop();
      };
      return { simulator, database, ...ingestion, stop };
    } catch (error) {
      await database.stop();
      throw error;
    }
  } catch (error) {
    simulator.process.kill('SIGTERM');
    throw error;
  }
}

async function startIngestion(
  databaseUrl: string,
  simulatorEnv: Record<string, string>,
  statements: boolean,
): Promise<Pick<IngestionBench, 'config' | 'app' | 'dataSource' | 'connectors'>> {
  await migrateDatabase(databaseUrl);
  const config = loadConfig({ ...simulatorEnv, DATABASE_URL: databaseUrl, POLL_TIMEOUT_SECONDS: '600' });
  const app = await NestFactory.createApplicationContext(
    BeaconAppModule.forRoot({
      config,
      logger: pino({ level: 'warn' }),
      databaseUrl,
      features: [IngestionModule, CorrelationModule],
    }),
    { logger: false },
  );
  const dataSource = app.get(DataSource);
  if (statements) await dataSource.query(`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`);
  const connectors = createConnectors(config, { graphPacers: new GraphPacerRegistry() });
  await app.get(SourceRepository).register(
    config.graph.tenants.map(({ id, displayName }) => ({ id, displayName })),
    connectors.map(({ channel, tenantId }) => ({ channel, tenantId })),
    [],
  );
  return { config, app, dataSource, connectors };
}

/** Resolves once the correlator's cursor has passed every stored signal. */
export async function caughtUp(dataSource: DataSource): Promise<void> {
  for (;;) {
    const [row] = await dataSource.query(
      `SELECT NOT EXISTS (
         SELECT 1 FROM raw_signals s
         WHERE (s.observed_at, s.id) > (SELECT last_observed_at, last_id FROM correlation_cursor)
       ) AND EXISTS (SELECT 1 FROM correlation_cursor) AS done`,
    );
    if ((row as { done: boolean }).done) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The machine's load average (1, 5, 15 minutes), printed beside every figure. */
export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}
