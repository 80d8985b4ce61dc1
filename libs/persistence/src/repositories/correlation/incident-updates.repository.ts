import { type Channel, nextUpdateByOf } from '#domain';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { unnestColumns } from '../unnest-columns.js';

/** A post about an incident, as a channel gave it. */
export interface NewIncidentUpdate {
  incidentId: string;
  channel: Channel;
  externalId: string;
  postedAt: Date;
  text: string;
  html: string | null;
  kind: string | null;
  rawSignalId: string | null;
}

/** `incident_updates`, an incident's posts: a post is stored once per incident. */
@Injectable()
export class IncidentUpdatesRepository {
  /**
   * Posts of any number of incidents: one statement with one parameter per column, however many (a first
   * poll brings tens of thousands); posts already stored are skipped before anything is computed. Returns
   * the incident of each post that was new.
   */
  async addMany(manager: EntityManager, updates: NewIncidentUpdate[]): Promise<string[]> {
    if (updates.length === 0) return [];
    const inserted: Array<{ incident_id: string }> = await manager.query(
      `INSERT INTO incident_updates (incident_id, channel, external_id, posted_at, text, html, kind, raw_signal_id,
         next_update_by)
       SELECT u.incident_id, u.channel::channel, u.external_id, u.posted_at, u.text, u.html, u.kind, u.raw_signal_id,
         u.next_update_by
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[],
                   $8::bigint[], $9::timestamptz[])
         AS u(incident_id, channel, external_id, posted_at, text, html, kind, raw_signal_id, next_update_by)
       WHERE NOT EXISTS (
         SELECT 1 FROM incident_updates e
         WHERE e.incident_id = u.incident_id AND e.channel = u.channel::channel AND e.external_id = u.external_id)
       ON CONFLICT (incident_id, channel, external_id) DO NOTHING
       RETURNING incident_id`,
      unnestColumns(updates, [
        (u) => u.incidentId,
        (u) => u.channel,
        (u) => u.externalId,
        (u) => u.postedAt.toISOString(),
        (u) => u.text,
        (u) => u.html,
        (u) => u.kind,
        (u) => u.rawSignalId,
        // Read here rather than by PostgreSQL's regex engine (migration NextUpdateByWritten).
        (u) => nextUpdateByOf(u.text)?.toISOString() ?? null,
      ]),
    );
    return inserted.map((row) => row.incident_id);
  }

  /** A merge: the absorbed incident's posts become the survivor's too (a post both had stays once). */
  async copy(manager: EntityManager, survivorId: string, absorbedId: string): Promise<void> {
    await manager.query(
      `INSERT INTO incident_updates (incident_id, channel, external_id, posted_at, text, html, kind, raw_signal_id,
         next_update_by)
       SELECT $1, channel, external_id, posted_at, text, html, kind, raw_signal_id, next_update_by
       FROM incident_updates WHERE incident_id = $2
       ON CONFLICT (incident_id, channel, external_id) DO NOTHING`,
      [survivorId, absorbedId],
    );
  }
}
