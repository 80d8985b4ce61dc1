import { Secret } from '#config';
import type { RunningBeacon } from '#runtime';
import { createTestDatabase, launchChromium, signIn, watchedPage, type TestDatabase } from '#testing';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { Browser, Locator, Page } from 'playwright-core';
import { adminGraphql, startNotificationsBeacon } from './support/notifications-beacon.js';

/**
 * A rule's filters on the notification settings, in Debian's Chromium, for an admin: a target added with a
 * rule filtered by service and level, with quiet hours; the rule edited to every service and its hold time
 * set; a refused value said in the form, which keeps what was typed. What is stored is read back through
 * GraphQL. Screenshots go to test-artifacts/notification-settings/.
 */

const ARTIFACTS = path.resolve('test-artifacts/notification-settings');
const ADMIN_KEY = 'rule-filters-admin-key-0123456789';
const SECRETS_KEY = new Secret(Buffer.alloc(32, 7).toString('base64'));
const RULE_FIELDS = `id events serviceIds classifications levels tenantIds quietHours { from until timeZone }
  holdSeconds sourceDownMinutes timeZone`;

interface StoredRule {
  id: string;
  events: string[];
  serviceIds: string[] | null;
  classifications: string[] | null;
  levels: string[] | null;
  tenantIds: string[] | null;
  quietHours: { from: string; until: string; timeZone: string } | null;
  holdSeconds: number | null;
  sourceDownMinutes: number;
  timeZone: string;
}

describe('notification settings: the filters of a rule', () => {
  let browser: Browser;
  let database: TestDatabase;
  let beacon: RunningBeacon;
  let db: pg.Client;
  let admin: ReturnType<typeof adminGraphql>;
  const errors: string[] = [];

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    database = await createTestDatabase();
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    // Services the status site spoke of: what `services` lists without a tenant, and the form offers.
    await db.query(`INSERT INTO services (id, name) VALUES ('Exchange', 'Exchange Online'),
      ('microsoftteams', 'Microsoft Teams'), ('SharePoint', 'SharePoint Online')`);
    await db.query(`INSERT INTO service_evidence (tenant_id, service_id, channel, level, status, observed_at)
      SELECT NULL, id, 'STATUS_SITE', 'OPERATIONAL', 'Available', now() FROM services`);
    beacon = await startNotificationsBeacon({
      databaseUrl: database.url,
      adminKey: ADMIN_KEY,
      secretsKey: SECRETS_KEY.reveal(),
    });
    admin = adminGraphql(beacon, ADMIN_KEY);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await db?.end();
    await beacon?.close();
    await database?.drop();
  });

  beforeEach(async () => {
    await db.query('DELETE FROM notification_targets');
  });

  afterEach(() => expect(errors.splice(0)).toEqual([]));

  /** The rules of the target named `name`, as GraphQL gives them. */
  async function rulesOf(name: string): Promise<StoredRule[]> {
    const { notificationTargets } = await admin<{
      notificationTargets: Array<{ name: string; rules: StoredRule[] }>;
    }>(`{ notificationTargets { name rules { ${RULE_FIELDS} } } }`);
    return notificationTargets.filter((target) => target.name === name).flatMap((target) => target.rules);
  }

  async function settingsPage(): Promise<{ page: Page; settings: Locator }> {
    const page = await watchedPage(browser, errors);
    await signIn(page, beacon.url, ADMIN_KEY);
    const settings = page.getByRole('region', { name: 'Notifications' });
    await settings.waitFor();
    return { page, settings };
  }

  /** The values of the options chosen in a list. */
  async function chosen(list: Locator): Promise<Array<string | null>> {
    const options = await list.locator('option:checked').all();
    return Promise.all(options.map((option) => option.getAttribute('value')));
  }

  /** Ticks exactly the boxes named in the group named `group` (a fieldset's legend). */
  async function tick(form: Locator, group: RegExp, names: string[]): Promise<void> {
    const boxes = form.getByRole('group', { name: group }).getByRole('checkbox');
    for (const box of await boxes.all()) {
      const name = ((await box.evaluate((input) => input.parentElement?.textContent)) ?? '').trim();
      await box.setChecked(names.includes(name));
    }
  }

  it('adds a rule filtered by service and level, with quiet hours; edits it to every service', async () => {
    const { page, settings } = await settingsPage();
    const form = settings.getByRole('form', { name: 'Add a notification target' });
    const services = form.getByRole('listbox', { name: /Services/ });
    // The services the API lists, by name.
    await expect(services.getByRole('option').allTextContents()).resolves.toEqual([
      'Exchange Online',
      'Microsoft Teams',
      'SharePoint Online',
    ]);

    await form.getByRole('textbox', { name: 'Name' }).fill('Exchange desk');
    await form.getByRole('combobox', { name: 'Kind' }).selectOption('TEAMS');
    await form.getByRole('textbox', { name: 'URL' }).fill('http://127.0.0.1:9/teams/exchange');
    await services.selectOption(['Exchange']);
    await tick(form, /Levels/, ['Degraded', 'Interrupted']);
    await form.getByRole('textbox', { name: 'Quiet from (HH:MM)' }).fill('22:00');
    await form.getByRole('textbox', { name: 'Quiet until (HH:MM)' }).fill('07:00');
    await form.getByRole('textbox', { name: 'Time zone' }).fill('Europe/Paris');
    await page.screenshot({ path: path.join(ARTIFACTS, '05-a-rule-with-filters.png'), fullPage: true });
    await form.getByRole('button', { name: 'Add the target' }).click();
    await settings.getByText(/^Exchange desk added/).waitFor();

    const [rule, ...others] = await rulesOf('Exchange desk');
    expect(others).toEqual([]);
    expect(rule).toEqual({
      id: expect.any(String),
      events: ['INCIDENT_CREATED', 'INCIDENT_UPDATED', 'INCIDENT_RESOLVED'],
      serviceIds: ['Exchange'],
      classifications: null,
      levels: ['INTERRUPTED', 'DEGRADED'],
      tenantIds: null,
      quietHours: { from: '22:00', until: '07:00', timeZone: 'Europe/Paris' },
      holdSeconds: null,
      sourceDownMinutes: 15,
      timeZone: 'Europe/Paris',
    });
    const row = settings.getByRole('row', { name: /Exchange desk/ });
    await expect(row.getByRole('listitem').textContent()).resolves.toMatch(
      /^New incident, Each update, Resolution · services: Exchange Online · levels: Interrupted, Degraded · quiet 22:00–07:00 \(Europe\/Paris\)/,
    );
    // The add form is empty again: every service, every level.
    await expect(chosen(services)).resolves.toEqual([]);

    await settings.getByRole('button', { name: 'Edit rule 1 of Exchange desk' }).click();
    const editor = settings.getByRole('form', { name: 'Edit rule 1 of Exchange desk' });
    const editedServices = editor.getByRole('listbox', { name: /Services/ });
    // The editor shows the rule as stored.
    await expect(chosen(editedServices)).resolves.toEqual(['Exchange']);
    await expect(editor.getByRole('checkbox', { name: 'Degraded', exact: true }).isChecked()).resolves.toBe(
      true,
    );
    await editedServices.selectOption([]);
    await tick(editor, /Classifications/, ['Incidents']);
    await editor.getByRole('spinbutton', { name: /Hold changes for/ }).fill('120');
    await page.screenshot({ path: path.join(ARTIFACTS, '06-editing-a-rules-filters.png'), fullPage: true });
    await editor.getByRole('button', { name: 'Save the rule' }).click();
    await settings.getByText('The rule 1 of Exchange desk saved.').waitFor();

    expect(await rulesOf('Exchange desk')).toEqual([
      {
        ...rule,
        serviceIds: null,
        classifications: ['INCIDENT'],
        holdSeconds: 120,
      },
    ]);
    await expect(row.getByRole('listitem').textContent()).resolves.toMatch(
      /^New incident, Each update, Resolution · only incidents · levels: Interrupted, Degraded · quiet 22:00–07:00 \(Europe\/Paris\) · changes held 120 s/,
    );
    await page.close();
  }, 60_000);

  it('says what is refused in the form, keeps what was typed, and stores nothing', async () => {
    const { page, settings } = await settingsPage();
    const form = settings.getByRole('form', { name: 'Add a notification target' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Night desk');
    await form.getByRole('combobox', { name: 'Kind' }).selectOption('TEAMS');
    await form.getByRole('textbox', { name: 'URL' }).fill('http://127.0.0.1:9/teams/night');
    await form.getByRole('listbox', { name: /Services/ }).selectOption(['microsoftteams']);
    await form.getByRole('textbox', { name: 'Quiet from (HH:MM)' }).fill('25:00');
    await form.getByRole('textbox', { name: 'Quiet until (HH:MM)' }).fill('07:00');
    await form.getByRole('button', { name: 'Add the target' }).click();

    const error = settings.locator('#notification-form-error');
    await expect(error.getByText(/quietHours\.from must be HH:MM/).waitFor()).resolves.toBeUndefined();
    await expect(form.getByRole('textbox', { name: 'Quiet from (HH:MM)' }).inputValue()).resolves.toBe(
      '25:00',
    );
    await expect(page.locator(':focus').getAttribute('name')).resolves.toBe('quietFrom');
    await expect(form.getByRole('textbox', { name: 'Name' }).inputValue()).resolves.toBe('Night desk');
    await expect(chosen(form.getByRole('listbox', { name: /Services/ }))).resolves.toEqual([
      'microsoftteams',
    ]);
    // The target made before its rule was refused is gone again: sending once more makes one, not two.
    await expect(
      admin<{ notificationTargets: unknown[] }>(`{ notificationTargets { id } }`),
    ).resolves.toEqual({ notificationTargets: [] });

    await form.getByRole('textbox', { name: 'Quiet from (HH:MM)' }).fill('23:00');
    await form.getByRole('button', { name: 'Add the target' }).click();
    await settings.getByText(/^Night desk added/).waitFor();
    expect(await rulesOf('Night desk')).toMatchObject([
      { serviceIds: ['microsoftteams'], quietHours: { from: '23:00', until: '07:00', timeZone: 'UTC' } },
    ]);

    // The editor too: the error in it, the value kept, the rule unchanged.
    await settings.getByRole('button', { name: 'Edit rule 1 of Night desk' }).click();
    const editor = settings.getByRole('form', { name: 'Edit rule 1 of Night desk' });
    await editor.getByRole('textbox', { name: 'Quiet until (HH:MM)' }).fill('7h');
    await editor.getByRole('spinbutton', { name: /Hold changes for/ }).fill('30');
    await editor.getByRole('button', { name: 'Save the rule' }).click();
    await expect(editor.getByRole('alert').textContent()).resolves.toMatch(/quietHours\.until must be HH:MM/);
    await expect(editor.getByRole('textbox', { name: 'Quiet until (HH:MM)' }).inputValue()).resolves.toBe(
      '7h',
    );
    await expect(editor.getByRole('spinbutton', { name: /Hold changes for/ }).inputValue()).resolves.toBe(
      '30',
    );
    expect(await rulesOf('Night desk')).toMatchObject([
      { holdSeconds: null, quietHours: { from: '23:00', until: '07:00' } },
    ]);
    await page.close();
  }, 60_000);

  // Last: a tenant added makes `services` answer for it, and it has no statuses.
  it('offers the tenants added by admins, by name, and stores the one chosen', async () => {
    await admin(`mutation ($input: GraphTenantInput!) { addGraphTenant(input: $input) { id } }`, {
      input: {
        id: 'northwind.onmicrosoft.com',
        displayName: 'Northwind',
        clientId: 'app-1',
        clientSecret: 's',
      },
    });
    const { page, settings } = await settingsPage();
    const form = settings.getByRole('form', { name: 'Add a notification target' });
    const tenants = form.getByRole('listbox', { name: /Tenants/ });
    await expect(tenants.getByRole('option').allTextContents()).resolves.toEqual([
      'Northwind (northwind.onmicrosoft.com)',
    ]);
    await form.getByRole('textbox', { name: 'Name' }).fill('Northwind desk');
    await form.getByRole('combobox', { name: 'Kind' }).selectOption('TEAMS');
    await form.getByRole('textbox', { name: 'URL' }).fill('http://127.0.0.1:9/teams/northwind');
    await tenants.selectOption(['northwind.onmicrosoft.com']);
    await form.getByRole('button', { name: 'Add the target' }).click();
    await settings.getByText(/^Northwind desk added/).waitFor();

    expect(await rulesOf('Northwind desk')).toMatchObject([
      { tenantIds: ['northwind.onmicrosoft.com'], serviceIds: null, levels: null, quietHours: null },
    ]);
    await expect(
      settings
        .getByRole('row', { name: /Northwind desk/ })
        .getByRole('listitem')
        .textContent(),
    ).resolves.toMatch(/ · tenants: Northwind \(northwind\.onmicrosoft\.com\) /);
    await page.close();
  }, 60_000);
});
