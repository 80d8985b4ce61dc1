import type { RunningBeacon } from '#runtime';
import { createTestDatabase, launchChromium, type TestDatabase } from '#testing';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startApi, testConfig } from '../api/support/api-client.js';
import { seedAnalyticsHistory, TENANT } from './support/analytics-history.js';

const ARTIFACTS = path.resolve('test-artifacts/analytics');

/** The status page's history charts, in Debian's Chromium, over the hand-computed history. */
describe('the history view', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;
  let browser: Browser;

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    database = await createTestDatabase();
    await seedAnalyticsHistory(database.url);
    beacon = await startApi(
      testConfig(database.url, { GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: 'c', GRAPH_CLIENT_SECRET: 's' }),
    );
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await beacon?.close();
    await database.drop();
  });

  it('charts incidents per month per service and time to resolve, with the numbers as tables', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 1400 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(beacon.url);
    const charts = page.locator('#history-charts');
    await charts.locator('figure').first().waitFor({ timeout: 15_000 });
    await charts.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'history-view.png'), fullPage: true });

    expect(await charts.locator('figure svg[aria-hidden="true"]').count()).toBe(2);
    const tables = await charts
      .locator('table')
      .evaluateAll((all) =>
        all.map((table) =>
          [...table.querySelectorAll('tr')].map((row) => [...row.children].map((cell) => cell.textContent)),
        ),
      );
    expect(tables).toEqual([
      [
        ['Month', 'Exchange Online', 'Microsoft Teams', 'All'],
        ['2026-03', '2', '1', '3'],
        ['2026-04', '1', '0', '1'],
      ],
      [
        ['Month', 'Resolved', 'Median', '90th percentile', 'Longest'],
        // 600 s, 1800 s, 7200 s resolved in March; EX300 is open.
        ['2026-03', '3', '0.5', '2.0', '2.0'],
        ['2026-04', '0', '–', '–', '–'],
      ],
    ]);
    // Five bars in March (two services), one in April.
    expect(await charts.locator('figure').first().locator('rect').count()).toBe(3 + 2);

    await page.selectOption('#history-state', 'resolved');
    await page.click('#history-form button[type="submit"]');
    await charts.locator('[data-export*="active=false"]').first().waitFor({ timeout: 15_000 });
    expect(await charts.locator('[data-export]').first().getAttribute('data-export')).toBe(
      '/export/incidents.csv?active=false&updates=true',
    );
    const download = page.waitForEvent('download');
    await charts.locator('[data-export]').first().click();
    const file = await download;
    const saved = path.join(ARTIFACTS, 'incidents.csv');
    await file.saveAs(saved);
    const { readFile } = await import('node:fs/promises');
    const lines = (await readFile(saved, 'utf8')).split('\r\n').filter(Boolean);
    // TM200 1 update, EX500 1, EX100 4 (one line each; the open EX300 left out).
    expect(lines.filter((line) => /^[A-Z]{2}\d+,/.test(line)).map((line) => line.split(',')[0])).toEqual([
      'TM200',
      'EX500',
      'EX100',
      'EX100',
      'EX100',
      'EX100',
    ]);
    expect(errors).toEqual([]);
  });
});
