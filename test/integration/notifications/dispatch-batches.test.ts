import { ConfigModule, loadConfig } from '#config';
import { NotificationDispatchModule } from '#notifications';
import { PersistenceModule } from '#persistence';
import { Test, type TestingModule } from '@nestjs/testing';
import {
  addTarget,
  at,
  deliveryStates,
  dispatcherFor,
  EX1,
  ingest,
  type NotificationBench,
  SECRETS_KEY,
  startBench,
} from './support.js';

/** Batches across targets (fewer targets per batch than targets owed), and the job's wake-up on new deliveries. */
describe('dispatching in batches', () => {
  let bench: NotificationBench;

  beforeEach(async () => {
    bench = await startBench();
  });

  afterEach(() => bench?.close());

  const events = (path: string) =>
    bench.receivers.inbox.messages(path).map((m) => (m.body as { event: string }).event);
  const webhooks = (count: number) =>
    Promise.all(
      Array.from({ length: count }, (_, n) =>
        addTarget(bench, `/webhooks/${n}`, 'webhook', {
          secrets: { url: `${bench.receiversUrl}/webhooks/${n}` },
        }),
      ),
    );

  it('gives every one of many targets each change once, in order, three targets per batch', async () => {
    const targets = await webhooks(10);
    const dispatcher = dispatcherFor(bench, { concurrency: 3 });
    for (const [minute, change] of EX1.entries()) {
      await ingest(bench, [change], at(minute * 10));
      await dispatcher.dispatchDue();
    }
    for (const [n, target] of targets.entries()) {
      expect(events(`/webhooks/${n}`)).toEqual(['incident_created', 'status_changed', 'incident_resolved']);
      expect(await deliveryStates(bench, target)).toEqual([
        'incident_created:sent',
        'status_changed:sent',
        'incident_resolved:sent',
      ]);
    }
    expect(bench.receivers.inbox.duplicates()).toBe(0);
  });

  it('lets a failing target retry later while the rest of its batch is sent', async () => {
    const [down] = await webhooks(4);
    bench.receivers.faults.add({ target: '/webhooks/0', respond: 'down' });
    await ingest(bench, [EX1[0]!], at(0));
    const round = await dispatcherFor(bench, { concurrency: 4 }).dispatchDue();
    expect(round).toEqual({ sent: 3, failed: 1, dead: 0, superseded: 0 });
    expect([1, 2, 3].map((n) => events(`/webhooks/${n}`))).toEqual([
      ['incident_created'],
      ['incident_created'],
      ['incident_created'],
    ]);
    expect(await deliveryStates(bench, down!)).toEqual(['incident_created:pending']);
  });

  describe('the dispatcher job', () => {
    let job: TestingModule;

    afterEach(() => job?.close());

    it('sends new deliveries when they are committed, not at its next poll (a minute away)', async () => {
      await webhooks(1);
      const config = loadConfig({
        DATABASE_URL: bench.database.url,
        NOTIFY_POLL_MS: '60000',
        NOTIFY_HOLD_SECONDS: '0',
        TENANT_CREDENTIALS_KEY: SECRETS_KEY.reveal(),
      });
      job = await Test.createTestingModule({
        imports: [
          ConfigModule.forRoot(config),
          PersistenceModule.forRoot(bench.database.url),
          NotificationDispatchModule,
        ],
      }).compile();
      await job.init();
      // Its first round has found nothing; the next poll is a minute away.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await ingest(bench, [EX1[0]!], at(0));
      for (let waited = 0; waited < 20_000 && events('/webhooks/0').length === 0; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(events('/webhooks/0')).toEqual(['incident_created']);
    });
  });
});
