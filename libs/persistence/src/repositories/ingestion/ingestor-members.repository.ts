import { Injectable } from '@nestjs/common';
import type pg from 'pg';

/**
 * `ingestor_members`: the ingestor processes sharing one database. Every statement runs on the member's
 * own session (the connection that holds its source locks), which is what identifies it.
 */
@Injectable()
export class IngestorMembersRepository {
  /**
   * Beats for `id`, strikes off members silent for `staleAfterMs` or whose session is gone (terminating a
   * frozen one's session), and returns the members' ids in the order they joined.
   */
  async beat(session: pg.ClientBase, id: string, staleAfterMs: number): Promise<string[]> {
    await session.query(
      `INSERT INTO ingestor_members (id, backend_pid, backend_start, heartbeat_at)
       SELECT $1, pid, backend_start, clock_timestamp() FROM pg_stat_activity WHERE pid = pg_backend_pid()
       ON CONFLICT (id) DO UPDATE SET backend_pid = excluded.backend_pid,
         backend_start = excluded.backend_start, heartbeat_at = excluded.heartbeat_at`,
      [id],
    );
    // A session is known by its pid and start, so that a pid the server has reused is never cut off.
    await session.query(
      `WITH gone AS (
         DELETE FROM ingestor_members m
         WHERE m.id <> $1 AND (
           m.heartbeat_at < clock_timestamp() - $2 * interval '1 millisecond'
           OR NOT EXISTS (SELECT FROM pg_stat_activity a
                          WHERE a.pid = m.backend_pid AND a.backend_start = m.backend_start))
         RETURNING backend_pid, backend_start)
       SELECT pg_terminate_backend(a.pid)
       FROM gone JOIN pg_stat_activity a ON a.pid = gone.backend_pid AND a.backend_start = gone.backend_start`,
      [id, staleAfterMs],
    );
    const { rows } = await session.query<{ id: string }>(
      'SELECT id FROM ingestor_members ORDER BY joined_at, id',
    );
    return rows.map((row) => row.id);
  }

  async leave(session: pg.ClientBase, id: string): Promise<void> {
    await session.query('DELETE FROM ingestor_members WHERE id = $1', [id]);
  }
}
