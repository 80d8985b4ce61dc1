import type { RunningBeacon } from '#runtime';
import {
  createTestDatabase,
  launchChromium,
  signIn,
  startTestSimulator,
  until,
  watchedPage,
  type TestDatabase,
  type TestSimulator,
} from '#testing';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { startNotificationsBeacon } from './support/notifications-beacon.js';

/**
 * The status page's notification settings, in Debian's Chromium, for an admin: add a target, send it a
 * test that the simulator's receiver gets, see a dead letter; a viewer does not see them. Screenshots go to
 * test-artifacts/notification-settings/.
 */

const ARTIFACTS = path.resolve('test-artifacts/notification-settings');
const ADMIN_KEY = 'settings-page-admin-key-0123456789';

describe('notification settings on the status page', () => {
  let browser: Browser;
  let database: TestDatabase;
  let simulator: TestSimulator;
  let beacon: RunningBeacon;
  let db: pg.Client;
  const errors: string[] = [];

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    database = await createTestDatabase();
    simulator = await startTestSimulator({ name: 'settings-page' });
    beacon = await startNotificationsBeacon({
      databaseUrl: database.url,
      adminKey: ADMIN_KEY,
      secretsKey: Buffer.alloc(32, 2).toString('base64'),
    });
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await db?.end();
    await beacon?.close();
    await simulator?.stop();
    await database?.drop();
  });

  afterEach(() => expect(errors.splice(0)).toEqual([]));

  /** The page, signed in with `key`. */
  async function openWith(key: string): Promise<Page> {
    const page = await watchedPage(browser, errors);
    await signIn(page, beacon.url, key);
    return page;
  }

  it('adds a target with a rule, shows its secret only as "set", and sends it a test it receives', async () => {
    const page = await openWith(ADMIN_KEY);
    const settings = page.getByRole('region', { name: 'Notifications' });
    await settings.waitFor();
    await settings.getByText('No targets yet').waitFor();
    const teamsUrl = `${simulator.simulator.urls.receivers}/teams/ops`;

    await settings.getByRole('textbox', { name: 'Name' }).fill('Ops channel');
    await settings.getByRole('combobox', { name: 'Kind' }).selectOption('TEAMS');
    await expect(settings.getByRole('textbox', { name: 'Bot token' }).isVisible()).resolves.toBe(false);
    await settings.getByRole('textbox', { name: 'URL' }).fill(teamsUrl);
    await settings.getByRole('checkbox', { name: 'Status change' }).check();
    await settings.getByRole('button', { name: 'Add the target' }).click();

    const row = settings.getByRole('row', { name: /Ops channel/ });
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/New incident, Each update, Status change, Resolution/);
    await expect(row.textContent()).resolves.toContain('URL: set');
    await expect(page.content()).resolves.not.toContain(teamsUrl);
    await page.screenshot({ path: path.join(ARTIFACTS, '01-target-added.png'), fullPage: true });

    await row.getByRole('button', { name: 'Send a test to Ops channel' }).click();
    await settings.getByText('A test message is on its way to Ops channel.').waitFor();
    const [message] = await until(async () => {
      const messages = simulator.receivers.inbox.messages('/teams/ops');
      return messages.length > 0 ? messages : undefined;
    }, 'the test message at the Teams receiver');
    expect(message?.body).toMatchObject({
      type: 'message',
      attachments: [
        { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard' } },
      ],
    });
    await page.close();
  }, 60_000);

  it('says what is wrong with a target it cannot add, and adds nothing', async () => {
    const page = await openWith(ADMIN_KEY);
    const settings = page.getByRole('region', { name: 'Notifications' });
    await settings.getByRole('textbox', { name: 'Name' }).fill('No URL');
    await settings.getByRole('combobox', { name: 'Kind' }).selectOption('SLACK_WEBHOOK');
    await settings.getByRole('button', { name: 'Add the target' }).click();

    await expect(settings.getByRole('alert').textContent()).resolves.toBe('a SLACK_WEBHOOK target needs url');
    await expect(page.evaluate('document.activeElement.name')).resolves.toBe('url');
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM notification_targets WHERE name = 'No URL'`,
    );
    expect(rows[0].n).toBe(0);
    await page.close();
  }, 60_000);

  it('lists a delivery given up on among the dead letters', async () => {
    simulator.receivers.faults.add({ target: '/webhooks/broken', respond: 'serverError' });
    const page = await openWith(ADMIN_KEY);
    const settings = page.getByRole('region', { name: 'Notifications' });
    await settings.getByRole('textbox', { name: 'Name' }).fill('Broken hook');
    await settings.getByRole('combobox', { name: 'Kind' }).selectOption('WEBHOOK');
    await settings
      .getByRole('textbox', { name: 'URL' })
      .fill(`${simulator.simulator.urls.receivers}/webhooks/broken`);
    await settings.getByLabel('HMAC secret').fill('a-webhook-secret-of-some-length');
    await settings.getByRole('button', { name: 'Add the target' }).click();
    await settings
      .getByRole('row', { name: /Broken hook/ })
      .getByRole('button', { name: /Send a test/ })
      .click();
    await until(async () => {
      const { rows } = await db.query(`SELECT 1 FROM notification_deliveries WHERE state = 'dead'`);
      return rows.length > 0 ? true : undefined;
    }, 'the dead letter');

    await page.reload();
    await page
      .getByRole('textbox', { name: 'API key' })
      .waitFor({ state: 'detached' })
      .catch(() => undefined);
    const deadLetters = page.locator('#notification-dead-letters');
    await deadLetters.getByRole('row', { name: /Broken hook/ }).waitFor();
    await expect(deadLetters.textContent()).resolves.toMatch(/Broken hook.*2/);
    expect(simulator.receivers.inbox.requests('/webhooks/broken').map((r) => r.status)).toEqual([500, 500]);
    await page.screenshot({ path: path.join(ARTIFACTS, '02-dead-letter.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it('is not shown to a viewer', async () => {
    const created = await fetch(`${beacon.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': ADMIN_KEY },
      body: JSON.stringify({
        query: 'mutation { createApiKey(input: { name: "viewer", role: VIEWER }) { key } } ',
      }),
    });
    const { data } = (await created.json()) as { data: { createApiKey: { key: string } } };
    const page = await openWith(data.createApiKey.key);
    await page.locator('#connection[data-state="connected"]').waitFor({ timeout: 15_000 });

    await expect(page.locator('#notification-settings').isHidden()).resolves.toBe(true);
    await page.close();
  }, 60_000);
});
