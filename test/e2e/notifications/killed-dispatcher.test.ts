import { Secret } from '#config';
import { sealTargetSecrets } from '#notifications';
import { createTestDatabase, freePort, type TestDatabase } from '#testing';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { type BeaconCommand, runCommand } from '../../lifecycle/support/beacon-command.js';

/**
 * kill -9 of the process that dispatches, in the middle of a delivery: nothing is lost, and nothing is
 * taken twice by a receiver that drops a key it already has. "Exactly once" here is at-least-once delivery
 * plus the idempotency key: the delivery in flight when the process died is sent again (its first request
 * was never answered), with the same key; every other delivery arrives once.
 */
/** The ingestor's TENANT_CREDENTIALS_KEY: the target's secrets are stored sealed under it. */
const SECRETS_KEY = new Secret(Buffer.alloc(32, 5).toString('base64'));

describe('the dispatcher killed mid-delivery', () => {
  const DELIVERIES = 8;
  const HUNG = 3; // the request left unanswered when the process dies
  let database: TestDatabase;
  let receiver: Server;
  let client: pg.Client;
  const arrivals: string[] = [];
  const taken = new Set<string>();
  let hung: ServerResponse | null = null;
  let hungArrived: () => void;
  const hungArrival = new Promise<void>((resolve) => (hungArrived = resolve));

  beforeAll(async () => {
    database = await createTestDatabase();
    receiver = createServer((request: IncomingMessage, response: ServerResponse) => {
      request.resume();
      request.on('end', () => {
        const key = String(request.headers['idempotency-key']);
        arrivals.push(key);
        if (arrivals.length === HUNG) {
          hung = response;
          hungArrived();
          return;
        }
        taken.add(key);
        response.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const target = { id: randomUUID() };
    await client.query(
      `INSERT INTO notification_targets (id, name, kind, secrets) VALUES ($1, 'hook', 'webhook', $2)`,
      [target.id, sealTargetSecrets({ url }, SECRETS_KEY, target.id)],
    );
    // A second apart: deliveries of one ordering key made within the same millisecond are one burst, sent
    // as one message (the dispatcher's coalescing), which is not what this test is about.
    for (let n = 1; n <= DELIVERIES; n++) {
      await client.query(
        `INSERT INTO notification_deliveries
           (target_id, idempotency_key, event, ordering_key, payload, next_attempt_at, created_at)
         VALUES ($1, $2, 'test', 'test:kill', $3, now(), now() - make_interval(secs => $4))`,
        [target.id, `key-${n}`, { kind: 'test', requestedAt: new Date().toISOString() }, DELIVERIES - n],
      );
    }
  });

  afterAll(async () => {
    hung?.destroy();
    receiver?.closeAllConnections();
    await new Promise((resolve) => receiver?.close(resolve));
    await client?.end();
    await database?.drop();
  });

  const ingestor = async (): Promise<BeaconCommand> =>
    runCommand(
      'start:ingestor',
      {
        DATABASE_URL: database.url,
        STATUS_SITE_URL: '',
        NOTIFY_POLL_MS: '50',
        TENANT_CREDENTIALS_KEY: SECRETS_KEY.reveal(),
        NOTIFY_RETRY_BASE_MS: '100',
        NOTIFY_TIMEOUT_SECONDS: '60',
      },
      await freePort(),
    );

  it('loses nothing and sends nothing twice that the key does not catch', async () => {
    const first = await ingestor();
    await hungArrival;
    expect(await first.end('kill -9')).toMatchObject({ signal: 'SIGKILL' });
    const pending = await client.query(
      `SELECT count(*)::int AS n FROM notification_deliveries WHERE state = 'pending'`,
    );
    expect(pending.rows[0].n).toBe(DELIVERIES - HUNG + 1);

    const second = await ingestor();
    try {
      for (const deadline = Date.now() + 30_000; taken.size < DELIVERIES && Date.now() < deadline;) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await second.end('SIGTERM');
    }
    const keys = Array.from({ length: DELIVERIES }, (_, i) => `key-${i + 1}`);
    // In order; the one in flight twice (its first request never answered), every other once.
    expect(arrivals).toEqual([...keys.slice(0, HUNG), ...keys.slice(HUNG - 1)]);
    expect([...taken]).toEqual(keys);
    const states = await client.query(
      `SELECT state, count(*)::int AS n FROM notification_deliveries GROUP BY state`,
    );
    expect(states.rows).toEqual([{ state: 'sent', n: DELIVERIES }]);
  });
});
