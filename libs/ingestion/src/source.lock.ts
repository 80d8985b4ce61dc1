import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import type { DataSource } from 'typeorm';

/** First key of Beacon's advisory locks on sources (the second is the source's id). */
const SOURCE_LOCK_SPACE = 0x4243_4e31;

/**
 * Which sources this process polls. A source is polled by the process that holds its PostgreSQL advisory
 * lock, on a connection of its own outside the pool: two processes never poll the same source, and when
 * the holder dies its session ends, the lock is freed and another process takes the source over.
 */
@Injectable()
export class SourceLock implements OnApplicationShutdown {
  private readonly logger = new Logger(SourceLock.name);
  private connection: Promise<pg.Client> | null = null;
  private readonly held = new Set<number>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** True when this process holds (or has just taken) the source's lock. */
  async acquire(sourceId: number): Promise<boolean> {
    if (this.held.has(sourceId)) return true;
    try {
      const client = await this.lockConnection();
      const { rows } = await client.query<{ taken: boolean }>(
        'SELECT pg_try_advisory_lock($1, $2) AS taken',
        [SOURCE_LOCK_SPACE, sourceId],
      );
      if (rows[0]?.taken) this.held.add(sourceId);
      return rows[0]?.taken === true;
    } catch (error) {
      this.lost(error);
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const connection = this.connection;
    this.connection = null;
    this.held.clear();
    await (await connection?.catch(() => null))?.end().catch(() => undefined);
  }

  private lockConnection(): Promise<pg.Client> {
    this.connection ??= (async () => {
      const { url } = this.dataSource.options as { url: string };
      const client = new pg.Client({ connectionString: url, application_name: 'beacon-source-locks' });
      client.on('error', (error) => this.lost(error));
      await client.connect();
      return client;
    })();
    return this.connection;
  }

  /** The lock connection broke: every lock it held is gone with it, and the next acquire reconnects. */
  private lost(error: unknown): void {
    if (this.held.size > 0)
      this.logger.warn({ error: String(error) }, 'lost the source locks; will reconnect');
    this.held.clear();
    const connection = this.connection;
    this.connection = null;
    void connection?.then((client) => client.end()).catch(() => undefined);
  }
}
