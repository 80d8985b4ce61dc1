import { CHANGES_CHANNEL, type ChangeNotice } from '#domain';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import type { DataSource } from 'typeorm';

const RETRY_MS = { first: 250, max: 10_000 };

/**
 * Hears every change any Beacon process commits: correlation NOTIFYs `beacon_changes` inside its ingest
 * transaction, and this process LISTENs on one connection of its own, outside the pool. When that
 * connection drops it reconnects with backoff (changes committed meanwhile are not replayed: subscribers
 * get the next one).
 */
@Injectable()
export class ChangeListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ChangeListener.name);
  private readonly handlers = new Set<(notice: ChangeNotice) => void>();
  private readonly listeningHandlers = new Set<(listening: boolean) => void>();
  private client: pg.Client | null = null;
  private retryMs = RETRY_MS.first;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** Calls `handler` with every change; returns the function that stops it. */
  subscribe(handler: (notice: ChangeNotice) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /**
   * Calls `handler` with true once LISTEN is in place (at start and after every reconnection) and with
   * false when the connection is lost (changes may then go unheard); returns the function that stops it.
   */
  onListening(handler: (listening: boolean) => void): () => void {
    this.listeningHandlers.add(handler);
    return () => this.listeningHandlers.delete(handler);
  }

  private async connect(): Promise<void> {
    this.retryTimer = null;
    if (this.stopped) return;
    const { url } = this.dataSource.options as { url: string };
    const client = new pg.Client({
      connectionString: url,
      application_name: 'beacon-change-listener',
      keepAlive: true,
    });
    this.client = client;
    client.on('notification', (message) => this.dispatch(message.payload));
    client.on('error', (error) => this.dropped(client, error));
    client.on('end', () => this.dropped(client, new Error('the connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
      if (this.retryMs > RETRY_MS.first) this.logger.log('listening for changes again');
      this.retryMs = RETRY_MS.first;
      if (this.client === client) for (const handler of this.listeningHandlers) handler(true);
    } catch (error) {
      this.dropped(client, error);
    }
  }

  private dropped(client: pg.Client, error: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    void client.end().catch(() => undefined);
    for (const handler of this.listeningHandlers) handler(false);
    if (this.stopped) return;
    this.logger.warn(
      { error: String(error), retryInMs: this.retryMs },
      'lost the change listener; reconnecting',
    );
    this.retryTimer = setTimeout(() => void this.connect(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MS.max);
  }

  private dispatch(payload: string | undefined): void {
    let notice: ChangeNotice;
    try {
      notice = JSON.parse(payload ?? '') as ChangeNotice;
    } catch {
      this.logger.warn({ payload }, 'ignored a change notice that is not JSON');
      return;
    }
    for (const handler of this.handlers) handler(notice);
  }
}
