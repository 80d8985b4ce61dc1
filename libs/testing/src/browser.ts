import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium: the browser every test of the page runs (`apt-get install -y chromium`). */
const CHROMIUM = '/usr/bin/chromium';
/** Headless, without a sandbox (tests run as root), and nothing reaching beyond the loopback address. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Chromium, or an error saying how to install it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get update && apt-get install -y chromium`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A new page whose uncaught errors are added to `errors`, for the test to assert there are none. */
export async function watchedPage(
  browser: Browser,
  errors: string[],
  viewport = { width: 1366, height: 900 },
): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.on('pageerror', (error) => errors.push(error.message));
  return page;
}

/** Opens the status page at `url` and signs in with an API key: the dashboard is shown when it returns. */
export async function signIn(page: Page, url: string, key: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('textbox', { name: 'API key' }).fill(key);
  await page.keyboard.press('Enter');
  await page.locator('#dashboard:not([hidden])').waitFor();
}
