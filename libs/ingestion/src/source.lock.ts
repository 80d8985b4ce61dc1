import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import type { DataSource } from 'typeorm';

/** First key of Beacon's advisory locks on sources (the second is the source's id). */
const SOURCE_LOCK_SPACE = 0x4243_4e31;
/** How often the locks held are checked against the server's own list (pg_locks). */
const CHECK_MS = 5_000;
/** A check (or an acquire) that gets no answer in this long counts as a lost connection. */
const QUERY_TIMEOUT_MS = 10_000;

/**
 * Which sources this process polls. A source is polled by the process that holds its PostgreSQL advisory
 * lock, on a connection of its own outside the pool: two processes never poll the same source, and when
 * the holder dies its session ends, the lock is freed and another process takes the source over.
 *
 * The connection can also end under a living process (a restarted server, a terminated backend, a broken
 * network): the locks then go with it, and another process may take the sources over. So each lock comes
 * with a signal that aborts the moment the loss is seen: when the connection reports an error, or when
 * the periodic check (over TCP keep-alive) finds a lock missing or gets no answer. The next acquire
 * reconnects.
 */
@Injectable()
export class SourceLock implements OnApplicationShutdown {
  private readonly logger = new Logger(SourceLock.name);
  private connection: Promise<pg.Client> | null = null;
  /** The client of `connection`, from its creation on: events of an earlier one are ignored. */
  private client: pg.Client | null = null;
  /** The locks held, by source id, each with what aborts when it is lost. */
  private readonly held = new Map<number, AbortController>();
  /** Queries on the lock connection, one at a time (pg does not queue on one client for long). */
  private queue: Promise<unknown> = Promise.resolve();
  private checkTimer: NodeJS.Timeout | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * When this process holds (or has just taken) the source's lock: a signal that aborts if the lock is
   * lost. Null when another process holds it, or the database cannot be reached.
   */
  async acquire(sourceId: number): Promise<AbortSignal | null> {
    const held = this.held.get(sourceId);
    if (held) return held.signal;
    try {
      const taken = await this.exclusive(async (client) => {
        const { rows } = await client.query<{ taken: boolean }>(
          'SELECT pg_try_advisory_lock($1, $2) AS taken',
          [SOURCE_LOCK_SPACE, sourceId],
        );
        return rows[0]?.taken === true;
      });
      if (!taken) return null;
      const controller = this.held.get(sourceId) ?? new AbortController();
      this.held.set(sourceId, controller);
      this.checkTimer ??= setInterval(() => void this.check(), CHECK_MS).unref();
      return controller.signal;
    } catch (error) {
      this.lost(error);
      return null;
    }
  }

  /** Whether this process holds the source's lock (as far as it knows: a loss is seen within a check). */
  holds(sourceId: number): boolean {
    return this.held.has(sourceId);
  }

  /** The sources whose locks this process holds. */
  heldSources(): number[] {
    return [...this.held.keys()];
  }

  /** Gives a source's lock back, between its polls, for another process to take the source over. */
  async giveBack(sourceId: number): Promise<void> {
    if (!this.held.delete(sourceId)) return;
    await this.session((client) =>
      client.query('SELECT pg_advisory_unlock($1, $2)', [SOURCE_LOCK_SPACE, sourceId]),
    );
  }

  /** The sources whose locks any process holds. */
  lockedSources(): Promise<Set<number>> {
    return this.session(async (client) => {
      const { rows } = await client.query<{ id: string }>(
        `SELECT objid::bigint AS id FROM pg_locks
         WHERE locktype = 'advisory' AND granted AND classid = $1::bigint::oid AND objsubid = 2`,
        [SOURCE_LOCK_SPACE],
      );
      return new Set(rows.map((row) => Number(row.id)));
    });
  }

  /**
   * Runs `work` on the lock connection, whose session is this process's presence (the membership beats on
   * it); an error there counts as a lost connection, and is thrown.
   */
  async session<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    try {
      return await this.exclusive(work);
    } catch (error) {
      this.lost(error);
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.checkTimer) clearInterval(this.checkTimer);
    this.checkTimer = null;
    const connection = this.connection;
    this.connection = null;
    this.client = null;
    this.held.clear();
    await (await connection?.catch(() => null))?.end().catch(() => undefined);
  }

  /** Asks the server which of this session's source locks it still grants; the others are lost. */
  private async check(): Promise<void> {
    if (this.held.size === 0 || this.connection === null) return;
    try {
      const granted = await this.exclusive(async (client) => {
        const { rows } = await client.query<{ id: string }>(
          `SELECT objid::bigint AS id FROM pg_locks
           WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
             AND classid = $1::bigint::oid AND objsubid = 2`,
          [SOURCE_LOCK_SPACE],
        );
        return new Set(rows.map((row) => Number(row.id)));
      });
      const missing = [...this.held.keys()].filter((id) => !granted.has(id));
      if (missing.length > 0) this.release(missing, 'no longer granted by the server');
    } catch (error) {
      this.lost(error);
    }
  }

  private exclusive<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => work(await this.lockConnection()));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private lockConnection(): Promise<pg.Client> {
    this.connection ??= (async () => {
      const { url } = this.dataSource.options as { url: string };
      const client = new pg.Client({
        connectionString: url,
        application_name: 'beacon-source-locks',
        keepAlive: true,
        keepAliveInitialDelayMillis: CHECK_MS,
        query_timeout: QUERY_TIMEOUT_MS,
      });
      this.client = client;
      client.on('error', (error) => this.lost(error, client));
      client.on('end', () => this.lost(new Error('the connection ended'), client));
      await client.connect();
      return client;
    })();
    return this.connection;
  }

  /** The lock connection broke: every lock it held is gone with it, and the next acquire reconnects. */
  private lost(error: unknown, client?: pg.Client): void {
    // A late event of a connection already given up must not drop the locks of the next one.
    if (client !== undefined && client !== this.client) return;
    const connection = this.connection;
    this.connection = null;
    this.client = null;
    this.release([...this.held.keys()], String(error));
    void connection?.then((current) => current.end()).catch(() => undefined);
  }

  private release(sourceIds: number[], reason: string): void {
    if (sourceIds.length === 0) return;
    this.logger.warn({ sources: sourceIds, reason }, 'lost source locks: their polls stop');
    for (const id of sourceIds) {
      this.held.get(id)?.abort(new Error(`the lock on source ${id} was lost: ${reason}`));
      this.held.delete(id);
    }
  }
}
