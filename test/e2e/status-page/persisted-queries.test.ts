import type { RunningBeacon } from '#runtime';
import { createTestDatabase, type TestDatabase } from '#testing';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { LiveChangesService } from '../../../apps/api/src/subscriptions/live-changes.service.js';
import { startApi, testConfig } from '../api/support/api-client.js';
import { TestIngestor } from '../api/support/ingestor.js';
import { until } from '../api/support/raw-connection.js';
import { seedMorning } from '../api/support/scenario.js';

/**
 * The page's GraphQL client over the wire, in Debian's Chromium: documents go as their hash (GET), in full
 * only when Beacon does not know the hash (a first visit, a restarted Beacon), and the browser revalidates
 * what it holds with its ETag.
 */
const CHROMIUM = '/usr/bin/chromium';
const PAGE_QUERIES = path.join(process.cwd(), 'apps/api/public/js/queries.js');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-quic'];

interface Exchange {
  /** The operation, found by its hash among the page's documents. */
  operation: string | undefined;
  method: string;
  hashed: boolean;
  withDocument: boolean;
  status: number;
  code: string | undefined;
}

interface Frame {
  type: string;
  id?: string;
  payload?: { query?: string; extensions?: { persistedQuery?: { sha256Hash: string } } } & Array<{
    extensions?: { code?: string };
  }>;
}

describe("the status page's GraphQL requests", () => {
  let browser: Browser;
  let database: TestDatabase;
  let ingestor: TestIngestor;
  let beacon: RunningBeacon;
  let page: Page;
  let exchanges: Exchange[] = [];
  /** What the page sent and received over its GraphQL WebSockets, parsed. */
  let frames: Array<{ sent: boolean; message: Frame }> = [];
  const errors: string[] = [];
  const operations = new Map<string, string>();

  const startBeacon = async () => {
    beacon = await startApi(testConfig(database.url));
  };

  /** Opens the page and waits for its dashboard; what it sent to /graphql meanwhile. */
  async function load(): Promise<Exchange[]> {
    exchanges = [];
    await page.goto(`${beacon.url}/`);
    await page.locator('.service').first().waitFor({ timeout: 15_000 });
    await page.waitForLoadState('networkidle');
    return exchanges.filter((exchange) => exchange.operation === 'StatusPageDashboard');
  }

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: apt-get update && apt-get install -y chromium`);
    }
    const documents = (await import(PAGE_QUERIES)) as Record<string, unknown>;
    for (const document of Object.values(documents)) {
      const name =
        typeof document === 'string' ? /(?:query|subscription) (\w+)/.exec(document)?.[1] : undefined;
      if (name)
        operations.set(
          createHash('sha256')
            .update(document as string)
            .digest('hex'),
          name,
        );
    }
    database = await createTestDatabase();
    ingestor = await TestIngestor.start(testConfig(database.url), database.url);
    await seedMorning(ingestor);
    await startBeacon();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('websocket', (socket) => {
      const frame = (sent: boolean) => (data: { payload: string | Buffer }) =>
        frames.push({ sent, message: JSON.parse(String(data.payload)) as Frame });
      socket.on('framesent', frame(true));
      socket.on('framereceived', frame(false));
    });
    page.on('response', async (response) => {
      const request = response.request();
      const url = new URL(request.url());
      if (url.pathname !== '/graphql') return;
      const body = request.postData() ?? '';
      const text = response.status() === 304 ? '' : await response.text().catch(() => '');
      const answer = (text ? JSON.parse(text) : {}) as { errors?: Array<{ extensions?: { code?: string } }> };
      const extensions = url.searchParams.get('extensions') ?? body;
      const hash = /"sha256Hash":"([0-9a-f]{64})"/.exec(extensions)?.[1];
      exchanges.push({
        operation: hash === undefined ? undefined : operations.get(hash),
        method: request.method(),
        hashed: url.searchParams.has('extensions') || body.includes('"persistedQuery"'),
        withDocument: url.searchParams.has('query') || body.includes('"query"'),
        status: response.status(),
        code: answer.errors?.[0]?.extensions?.code,
      });
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await beacon?.close();
    await ingestor?.close();
    await database?.drop();
  });

  it('sends its dashboard query in full once, then by hash alone, and again in full after Beacon restarts', async () => {
    const first = await load();
    // The page may ask again (when its live connection opens): by hash, then.
    const byHashAlone = (exchanges: Exchange[]) =>
      exchanges.map(({ method, withDocument, code }) => ({ method, withDocument, code }));
    const known = { method: 'GET', withDocument: false, code: undefined };
    expect(byHashAlone(first.slice(2))).toEqual(first.slice(2).map(() => known));
    expect(first.slice(0, 2)).toEqual([
      // 200: the page asks for application/json, whose clients get a request's errors with a 200.
      {
        operation: 'StatusPageDashboard',
        method: 'GET',
        hashed: true,
        withDocument: false,
        status: 200,
        code: 'PERSISTED_QUERY_NOT_FOUND',
      },
      {
        operation: 'StatusPageDashboard',
        method: 'POST',
        hashed: true,
        withDocument: true,
        status: 200,
        code: undefined,
      },
    ]);

    const second = await load();
    expect(second.length).toBeGreaterThan(0);
    expect(byHashAlone(second)).toEqual(second.map(() => known));

    // A new process knows no hash: the page falls back to the document and shows the dashboard.
    await beacon.close();
    await startBeacon();
    const afterRestart = await load();
    expect(afterRestart.slice(0, 2).map(({ method, code }) => ({ method, code }))).toEqual([
      { method: 'GET', code: 'PERSISTED_QUERY_NOT_FOUND' },
      { method: 'POST', code: undefined },
    ]);
    expect(errors).toEqual([]);
  });

  it('subscribes by hash over the WebSocket, with the document only when Beacon does not know the hash', async () => {
    const subscribes = () => frames.filter(({ sent, message }) => sent && message.type === 'subscribe');
    /** Loads the page until its `count` subscribe messages are sent and its two subscriptions held. */
    const live = async (count: number) => {
      frames = [];
      await load();
      const subscriptions = beacon.app.get(LiveChangesService);
      await until(() => subscribes().length >= count, `${count} subscribe messages are sent`);
      await until(() => subscriptions.held().subscribers === 2, "the page's subscriptions are held");
      return subscribes().map(({ message }) => ({
        operation: operations.get(message.payload!.extensions?.persistedQuery?.sha256Hash ?? ''),
        withDocument: message.payload!.query !== undefined,
      }));
    };
    const notFound = () =>
      frames.filter(
        ({ sent, message }) =>
          !sent &&
          message.type === 'error' &&
          message.payload![0]?.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND',
      );

    // A new process knows no hash: each subscription by hash, refused, then with its document.
    await beacon.close();
    await startBeacon();
    const first = await live(4);
    const names = [...new Set(first.map(({ operation }) => operation))];
    expect(names).toHaveLength(2);
    expect(names.every((name) => name !== undefined)).toBe(true);
    for (const name of names) {
      expect(first.filter(({ operation }) => operation === name)).toEqual([
        { operation: name, withDocument: false },
        { operation: name, withDocument: true },
      ]);
    }
    expect(notFound()).toHaveLength(2);

    // Known now: by hash alone.
    const again = await live(2);
    expect(again).toEqual(names.map((operation) => ({ operation, withDocument: false })));
    expect(notFound()).toEqual([]);
    expect(errors).toEqual([]);
  });
});
