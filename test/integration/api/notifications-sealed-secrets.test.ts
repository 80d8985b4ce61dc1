import { Secret } from '#config';
import { enqueueTestNotification, openTargetSecrets } from '#notifications';
import type { DataSource } from 'typeorm';
import { SealNotificationSecrets1795722000000 } from '../../../migrations/1795722000000-SealNotificationSecrets.js';
import {
  addTarget,
  dispatcherFor,
  type NotificationBench,
  SECRETS_KEY,
  startBench,
} from '../notifications/support.js';

const OTHER_KEY = new Secret(Buffer.alloc(32, 8).toString('base64'));

/** Target secrets at rest: sealed under TENANT_CREDENTIALS_KEY, opened by the dispatcher, migrated both ways. */
describe('notification target secrets, sealed', () => {
  let bench: NotificationBench;
  let dataSource: DataSource;

  beforeAll(async () => {
    bench = await startBench();
    dataSource = bench.dataSource;
  });

  afterAll(() => bench?.close());

  beforeEach(() => dataSource.query('DELETE FROM notification_targets'));

  const stored = async (id: string): Promise<Record<string, string>> =>
    (await dataSource.query('SELECT secrets FROM notification_targets WHERE id = $1', [id]))[0].secrets;
  const plainTarget = async (name: string, secrets: Record<string, string>): Promise<string> =>
    (
      await dataSource.query(
        `INSERT INTO notification_targets (name, kind, secrets) VALUES ($1, 'webhook', $2) RETURNING id`,
        [name, secrets],
      )
    )[0].id;
  const migration = (env: NodeJS.ProcessEnv) => new SealNotificationSecrets1795722000000(env);
  const run = async (step: (runner: ReturnType<DataSource['createQueryRunner']>) => Promise<void>) => {
    const runner = dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await step(runner);
      await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  };

  it('the migration seals secrets stored in the clear, and its down opens them again', async () => {
    const hook = await plainTarget('hook', {
      url: 'https://a.test/hook',
      hmacSecret: 'hmac-0123456789abcdef',
    });
    const mail = await plainTarget('mail', {});
    const env = { TENANT_CREDENTIALS_KEY: SECRETS_KEY.reveal() };

    await run((runner) => migration(env).up(runner));
    const sealed = await stored(hook);
    expect(JSON.stringify(sealed)).not.toMatch(/a\.test|hmac-0123/);
    expect(Object.keys(sealed).sort()).toEqual(['hmacSecret', 'url']);
    expect(openTargetSecrets(sealed, SECRETS_KEY, hook)).toEqual({
      url: 'https://a.test/hook',
      hmacSecret: 'hmac-0123456789abcdef',
    });
    // Bound to the target: another target's row does not open it.
    expect(() => openTargetSecrets(sealed, SECRETS_KEY, mail)).toThrow(/does not open/);
    expect(await stored(mail)).toEqual({});

    await run((runner) => migration(env).down(runner));
    expect(await stored(hook)).toEqual({ url: 'https://a.test/hook', hmacSecret: 'hmac-0123456789abcdef' });
  });

  it('the migration stops, naming the fix and changing nothing, when secrets exist and no key is set', async () => {
    const hook = await plainTarget('hook', { url: 'https://a.test/hook' });

    await expect(run((runner) => migration({}).up(runner))).rejects.toThrow(
      /1 notification target\(s\) hold secrets .* set it \(32 random bytes, base64/,
    );
    expect(await stored(hook)).toEqual({ url: 'https://a.test/hook' });
    // With no secret stored anywhere, there is nothing to seal and no key is needed.
    await dataSource.query('DELETE FROM notification_targets');
    await plainTarget('mail', {});
    await expect(run((runner) => migration({}).up(runner))).resolves.toBeUndefined();
  });

  it('the dispatcher opens the secrets with the key; without it, or with another, the attempt fails, saying why', async () => {
    const path = '/webhooks/sealed';
    const target = await addTarget(bench, 'sealed', 'webhook', {
      secrets: { url: `${bench.receiversUrl}${path}` },
    });
    await dataSource.transaction((manager) => enqueueTestNotification(manager, target, new Date()));
    const attempts = async () =>
      (
        await dataSource.query(
          `SELECT outcome, error FROM notification_attempts WHERE target_id = $1 ORDER BY id`,
          [target],
        )
      ).map((row: { outcome: string; error: string | null }) => `${row.outcome}: ${row.error}`);
    const due = () => dataSource.query(`UPDATE notification_deliveries SET next_attempt_at = now()`);

    await dispatcherFor(bench, { secretsKey: null }).dispatchDue();
    await due();
    await dispatcherFor(bench, { secretsKey: OTHER_KEY }).dispatchDue();
    expect(bench.receivers.inbox.messages(path)).toEqual([]);
    await due();
    await dispatcherFor(bench).dispatchDue();

    expect(await attempts()).toEqual([
      "failed: the target's secrets do not open: TENANT_CREDENTIALS_KEY is not set, so the target’s secrets cannot be opened",
      "failed: the target's secrets do not open: the credential does not open with TENANT_CREDENTIALS_KEY (another key, or altered)",
      'sent: null',
    ]);
    expect(bench.receivers.inbox.messages(path)).toHaveLength(1);
  });
});
