import { ConfigModule, loadConfig } from '#config';
import { type Connector, type PollRequest, type PollResult } from '#connectors';
import { PersistenceModule } from '#persistence';
import { MetricsModule } from '#runtime';
import { createTestDatabase, pollResult, type TestDatabase } from '#testing';
import { Test, type TestingModule } from '@nestjs/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONNECTORS } from '../../../apps/ingestor/src/connectors.provider.js';
import { IngestorModule } from '../../../apps/ingestor/src/ingestor.module.js';

interface Poll {
  process: string;
  startedAt: number;
  endedAt: number;
}

/** Records which process polled, and when; each poll takes a little while, so overlaps would show. */
class RecordingConnector implements Connector {
  readonly tenantId = null;
  constructor(
    readonly channel: 'X' | 'STATUS_SITE',
    private readonly process: string,
    private readonly polls: Poll[],
  ) {}

  async poll(_request: PollRequest): Promise<PollResult> {
    const startedAt = Date.now();
    await sleep(150);
    this.polls.push({ process: this.process, startedAt, endedAt: Date.now() });
    return pollResult([]);
  }
}

describe('two ingestors on one database', () => {
  let database: TestDatabase;
  const polls = { X: [] as Poll[], STATUS_SITE: [] as Poll[] };

  async function startIngestor(name: string): Promise<TestingModule> {
    const config = loadConfig({
      DATABASE_URL: database.url,
      X_POLL_SECONDS: '1',
      STATUS_SITE_POLL_SECONDS: '1',
    });
    const app = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(config),
        PersistenceModule.forRoot(database.url),
        MetricsModule,
        IngestorModule,
      ],
    })
      .overrideProvider(CONNECTORS)
      .useValue([
        new RecordingConnector('X', name, polls.X),
        new RecordingConnector('STATUS_SITE', name, polls.STATUS_SITE),
      ])
      .compile();
    await app.init();
    return app;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database.drop();
  });

  it('poll each source from one of them at a time, and the other takes over when it stops', async () => {
    const first = await startIngestor('first');
    await sleep(300);
    const second = await startIngestor('second');
    await sleep(4000);
    await first.close();
    const stoppedAt = Date.now();
    await sleep(3000);
    await second.close();

    for (const channel of ['X', 'STATUS_SITE'] as const) {
      const beforeStop = polls[channel].filter((p) => p.startedAt < stoppedAt);
      expect(beforeStop.length).toBeGreaterThanOrEqual(2);
      expect(new Set(beforeStop.map((p) => p.process))).toEqual(new Set(['first']));
    }

    for (const channel of ['X', 'STATUS_SITE'] as const) {
      const takenOver = polls[channel].filter((p) => p.process === 'second');
      expect(takenOver.length).toBeGreaterThanOrEqual(1);
      expect(takenOver[0]!.startedAt).toBeGreaterThanOrEqual(stoppedAt);
      const sorted = [...polls[channel]].sort((a, b) => a.startedAt - b.startedAt);
      for (let i = 1; i < sorted.length; i++)
        expect(sorted[i]!.startedAt).toBeGreaterThanOrEqual(sorted[i - 1]!.endedAt);
    }
  });
});
