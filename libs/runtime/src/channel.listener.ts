import { Logger } from '@nestjs/common';
import pg from 'pg';

const RETRY_MS = { first: 250, max: 10_000 };

/**
 * LISTENs on one channel (NOTIFYed by writers on commit) on one connection of its own, outside the pool,
 * and calls `wake` for each notice. It only saves a job the wait for its next round: when the connection
 * drops it reconnects with backoff, and the job's next round finds what was due meanwhile.
 */
export class ChannelListener {
  private readonly logger = new Logger(ChannelListener.name);
  private client: pg.Client | null = null;
  private retryMs = RETRY_MS.first;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly wake: () => void,
  ) {}

  async start(): Promise<void> {
    this.retryTimer = null;
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.url,
      application_name: `beacon-listener-${this.channel}`,
      keepAlive: true,
    });
    this.client = client;
    client.on('notification', () => this.wake());
    client.on('error', (error) => this.dropped(client, error));
    client.on('end', () => this.dropped(client, new Error('the connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      this.retryMs = RETRY_MS.first;
    } catch (error) {
      this.dropped(client, error);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private dropped(client: pg.Client, error: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.logger.warn(
      { channel: this.channel, error: String(error), retryInMs: this.retryMs },
      'lost a LISTEN connection; polling only until it is back',
    );
    this.retryTimer = setTimeout(() => void this.start(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MS.max);
  }
}
