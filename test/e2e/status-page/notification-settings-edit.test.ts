import { Secret } from '#config';
import { openTargetSecrets } from '#notifications';
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
import type { Browser, Locator, Page } from 'playwright-core';
import { adminGraphql, startNotificationsBeacon } from './support/notifications-beacon.js';

/**
 * The notification settings' changes, in Debian's Chromium, for an admin: edit a target (a secret left
 * empty is kept, one typed replaces it), disable, enable and delete targets and rules, edit a rule's events,
 * and retry dead letters from the page. Screenshots go to test-artifacts/notification-settings/.
 */

const ARTIFACTS = path.resolve('test-artifacts/notification-settings');
const ADMIN_KEY = 'settings-edit-admin-key-0123456789';
const SECRETS_KEY = new Secret(Buffer.alloc(32, 6).toString('base64'));

describe('notification settings: edit, enable, delete, retry', () => {
  let browser: Browser;
  let database: TestDatabase;
  let simulator: TestSimulator;
  let beacon: RunningBeacon;
  let db: pg.Client;
  let receivers: string;
  let admin: ReturnType<typeof adminGraphql>;
  const errors: string[] = [];

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    database = await createTestDatabase();
    simulator = await startTestSimulator({ name: 'settings-edit' });
    receivers = simulator.simulator.urls.receivers;
    beacon = await startNotificationsBeacon({
      databaseUrl: database.url,
      adminKey: ADMIN_KEY,
      secretsKey: SECRETS_KEY.reveal(),
    });
    admin = adminGraphql(beacon, ADMIN_KEY);
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

  beforeEach(async () => {
    await db.query('DELETE FROM notification_targets');
    simulator.receivers.reset();
  });

  afterEach(() => expect(errors.splice(0)).toEqual([]));

  /** A Teams target (with a rule for new incidents) made through GraphQL; its id. */
  async function teamsTarget(name: string, inbox: string): Promise<string> {
    const { createNotificationTarget } = await admin(
      `mutation($input: CreateNotificationTargetInput!) { createNotificationTarget(input: $input) { id } }`,
      { input: { name, kind: 'TEAMS', url: `${receivers}${inbox}` } },
    );
    const id = createNotificationTarget!.id;
    await admin(
      `mutation($input: CreateNotificationRuleInput!) { createNotificationRule(input: $input) { id } }`,
      { input: { targetId: id, events: ['INCIDENT_CREATED'] } },
    );
    return id;
  }

  async function settingsPage(): Promise<{ page: Page; settings: Locator }> {
    const page = await watchedPage(browser, errors);
    await signIn(page, beacon.url, ADMIN_KEY);
    const settings = page.getByRole('region', { name: 'Notifications' });
    await settings.waitFor();
    return { page, settings };
  }

  const stored = async (id: string) => {
    const { rows } = await db.query(`SELECT name, enabled, secrets FROM notification_targets WHERE id = $1`, [
      id,
    ]);
    return rows[0] && { ...rows[0], secrets: openTargetSecrets(rows[0].secrets, SECRETS_KEY, id) };
  };
  const received = (inbox: string) => simulator.receivers.inbox.messages(inbox).length;

  it('edits a target: a secret left empty is kept, one typed replaces it', async () => {
    const id = await teamsTarget('Ops', '/teams/a');
    const { page, settings } = await settingsPage();

    await settings.getByRole('button', { name: 'Edit Ops' }).click();
    const form = settings.getByRole('form', { name: 'Edit Ops' });
    await expect(form.getByRole('combobox', { name: 'Kind' }).isDisabled()).resolves.toBe(true);
    await expect(form.getByRole('textbox', { name: 'URL' }).inputValue()).resolves.toBe('');
    await form.getByRole('textbox', { name: 'Name' }).fill('Ops room');
    await form.getByRole('button', { name: 'Save the target' }).click();
    await settings.getByText('Ops room saved.').waitFor();
    await settings.getByRole('row', { name: /Ops room/ }).waitFor();
    expect(await stored(id)).toMatchObject({ name: 'Ops room', secrets: { url: `${receivers}/teams/a` } });

    await settings.getByRole('button', { name: 'Edit Ops room' }).click();
    await settings
      .getByRole('form', { name: 'Edit Ops room' })
      .getByRole('textbox', { name: 'URL' })
      .fill(`${receivers}/teams/b`);
    await page.screenshot({ path: path.join(ARTIFACTS, '03-editing-a-target.png'), fullPage: true });
    await settings.getByRole('button', { name: 'Save the target' }).click();
    await settings.getByText('Ops room saved.').waitFor();
    // The form is the add form again.
    await settings.getByRole('form', { name: 'Add a notification target' }).waitFor();
    expect(await stored(id)).toMatchObject({ secrets: { url: `${receivers}/teams/b` } });

    await settings.getByRole('button', { name: 'Send a test to Ops room' }).click();
    await until(async () => (received('/teams/b') > 0 ? true : undefined), 'the test at the new URL');
    expect(received('/teams/a')).toBe(0);
    await page.close();
  }, 60_000);

  it('disables, enables and deletes a target, asking before it deletes', async () => {
    const id = await teamsTarget('Pager', '/teams/pager');
    const { page, settings } = await settingsPage();
    const row = settings.getByRole('row', { name: /Pager/ });

    await row.getByRole('button', { name: 'Disable Pager' }).click();
    await settings.getByText(/Pager disabled/).waitFor();
    await expect(row.getByRole('rowheader').textContent()).resolves.toBe('Pager (disabled)');
    expect((await stored(id)).enabled).toBe(false);

    await row.getByRole('button', { name: 'Enable Pager' }).click();
    await settings.getByText('Pager enabled.').waitFor();
    expect((await stored(id)).enabled).toBe(true);

    await row.getByRole('button', { name: 'Delete Pager' }).click();
    // Asked again: nothing is deleted yet.
    await row.getByRole('button', { name: 'Confirm: delete Pager' }).waitFor();
    expect(await stored(id)).toBeDefined();
    await row.getByRole('button', { name: 'Confirm: delete Pager' }).click();
    await settings.getByText(/Pager deleted/).waitFor();
    await settings.getByText('No targets yet').waitFor();
    expect(await stored(id)).toBeUndefined();
    await page.close();
  }, 60_000);

  it("edits, disables and deletes a target's rule", async () => {
    const id = await teamsTarget('Rules', '/teams/rules');
    const { page, settings } = await settingsPage();
    const rules = async () =>
      (
        await db.query(
          `SELECT events::text[] AS events, enabled, advisory_digest_minutes AS digest,
                advisory_digest_at::text AS at, quiet_time_zone AS zone
         FROM notification_rules WHERE target_id = $1`,
          [id],
        )
      ).rows;

    await settings.getByRole('button', { name: 'Edit rule 1 of Rules' }).click();
    const editor = settings.getByRole('form', { name: 'Edit rule 1 of Rules' });
    await editor.getByRole('checkbox', { name: 'Status change' }).check();
    await editor.getByRole('checkbox', { name: 'New incident' }).uncheck();
    await editor.getByRole('spinbutton', { name: /Advisory digest every/ }).fill('60');
    await editor.getByRole('textbox', { name: /Digest periods from/ }).fill('08:00');
    await editor.getByRole('textbox', { name: 'Time zone' }).fill('Europe/Nowhere');
    await editor.getByRole('button', { name: 'Save the rule' }).click();
    // Refused: said in the editor, which keeps what was typed; nothing changed.
    await expect(editor.getByRole('alert').textContent()).resolves.toMatch(/not an IANA time zone/);
    await expect(editor.getByRole('textbox', { name: /Digest periods from/ }).inputValue()).resolves.toBe(
      '08:00',
    );
    expect(await rules()).toEqual([
      { events: ['incident_created'], enabled: true, digest: null, at: null, zone: 'UTC' },
    ]);

    await editor.getByRole('textbox', { name: 'Time zone' }).fill('Europe/Paris');
    await editor.getByRole('button', { name: 'Save the rule' }).click();
    await settings.getByText('The rule 1 of Rules saved.').waitFor();
    expect(await rules()).toEqual([
      { events: ['status_changed'], enabled: true, digest: 60, at: '08:00:00', zone: 'Europe/Paris' },
    ]);
    await expect(settings.getByRole('row', { name: /Rules/ }).textContent()).resolves.toMatch(
      /Status change · advisories in a digest every 60 min from 08:00 \(Europe\/Paris\)/,
    );

    await settings.getByRole('button', { name: 'Disable rule 1 of Rules' }).click();
    await settings.getByText('The rule 1 of Rules disabled.').waitFor();
    expect(await rules()).toMatchObject([{ events: ['status_changed'], enabled: false }]);

    await settings.getByRole('button', { name: 'Delete rule 1 of Rules' }).click();
    await settings.getByRole('button', { name: 'Confirm: delete rule 1 of Rules' }).click();
    await settings.getByText('The rule 1 of Rules deleted.').waitFor();
    await expect(settings.getByRole('row', { name: /Rules/ }).textContent()).resolves.toContain(
      'it has no rule',
    );
    expect(await rules()).toEqual([]);
    await page.close();
  }, 60_000);

  it('retries a dead letter, and all of a target, from the page: the receiver gets them', async () => {
    const id = await teamsTarget('Flaky', '/teams/flaky');
    // Two tests, each failed twice (NOTIFY_MAX_ATTEMPTS): two dead letters.
    simulator.receivers.faults.add({ target: '/teams/flaky', respond: 'serverError', times: 4 });
    for (let n = 0; n < 2; n++) {
      await admin(`mutation($id: ID!) { sendTestNotification(targetId: $id) { id } }`, { id });
      await until(
        async () => {
          const { rows } = await db.query(
            `SELECT count(*)::int AS n FROM notification_deliveries WHERE state = 'dead'`,
          );
          return rows[0].n === n + 1 ? true : undefined;
        },
        `dead letter ${n + 1}`,
      );
    }
    const { page, settings } = await settingsPage();
    const deadLetters = settings.locator('#notification-dead-letters');
    await expect(deadLetters.getByRole('button', { name: /^Retry .* to Flaky$/ }).count()).resolves.toBe(2);
    await page.screenshot({ path: path.join(ARTIFACTS, '04-dead-letters-to-retry.png'), fullPage: true });

    // The older first (the list is newest first): retrying the newer first would supersede the older one,
    // as a later message of the same ordering key would have reached the target.
    await deadLetters
      .getByRole('button', { name: /^Retry .* to Flaky$/ })
      .last()
      .click();
    await settings.getByText(/will be sent to Flaky again/).waitFor();
    await until(async () => (received('/teams/flaky') === 1 ? true : undefined), 'the retried message');

    await settings.getByRole('button', { name: 'Retry the dead letters of Flaky' }).click();
    await settings.getByText('1 message to Flaky will be sent again, in order.').waitFor();
    await until(async () => (received('/teams/flaky') === 2 ? true : undefined), 'the last retried message');
    await page.reload();
    await settings.getByText('None: every message was sent or is still being tried.').waitFor();
    await page.close();
  }, 60_000);
});
