import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SourceLock } from './source.lock.js';

/**
 * The ingestor processes sharing one database (`ingestor_members`). Each beats on its source-lock session;
 * a member whose session is gone (killed, connection lost) or that stopped beating (frozen) is struck off
 * by the next member to beat, and a frozen one's session is terminated: its source locks go with it, so
 * the others take its sources over, and its polls abort when it wakes (SourceLock's lost-lock signal).
 */
@Injectable()
export class IngestorMembership {
  readonly id = randomUUID();

  constructor(private readonly locks: SourceLock) {}

  /**
   * Beats, strikes off members silent for `staleAfterMs` or gone, and returns the members' ids in the
   * order they joined (a member struck off joins again, last, at its next beat).
   */
  beat(staleAfterMs: number): Promise<string[]> {
    return this.locks.session(async (client) => {
      await client.query(
        `INSERT INTO ingestor_members (id, backend_pid, backend_start, heartbeat_at)
         SELECT $1, pid, backend_start, clock_timestamp() FROM pg_stat_activity WHERE pid = pg_backend_pid()
         ON CONFLICT (id) DO UPDATE SET backend_pid = excluded.backend_pid,
           backend_start = excluded.backend_start, heartbeat_at = excluded.heartbeat_at`,
        [this.id],
      );
      // A session is known by its pid and start, so that a pid the server has reused is never cut off.
      await client.query(
        `WITH gone AS (
           DELETE FROM ingestor_members m
           WHERE m.id <> $1 AND (
             m.heartbeat_at < clock_timestamp() - $2 * interval '1 millisecond'
             OR NOT EXISTS (SELECT FROM pg_stat_activity a
                            WHERE a.pid = m.backend_pid AND a.backend_start = m.backend_start))
           RETURNING backend_pid, backend_start)
         SELECT pg_terminate_backend(a.pid)
         FROM gone JOIN pg_stat_activity a ON a.pid = gone.backend_pid AND a.backend_start = gone.backend_start`,
        [this.id, staleAfterMs],
      );
      const { rows } = await client.query<{ id: string }>(
        'SELECT id FROM ingestor_members ORDER BY joined_at, id',
      );
      return rows.map((row) => row.id);
    });
  }

  /** Leaves at shutdown, so that the others take this process's share at their next beat. */
  async leave(): Promise<void> {
    await this.locks.session((client) =>
      client.query('DELETE FROM ingestor_members WHERE id = $1', [this.id]),
    );
  }
}
