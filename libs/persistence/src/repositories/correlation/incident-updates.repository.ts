import { type Channel, nextUpdateByOf } from '#domain';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

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
   * Posts of any number of incidents: one statement with one parameter, however many (a first poll brings
   * tens of thousands); posts already stored are skipped before anything is computed. Returns the incident
   * of each post that was new.
   */
  async addMany(manager: EntityManager, updates: NewIncidentUpdate[]): Promise<string[]> {
    if (updates.length === 0) return [];
    const inserted: Array<{ incident_id: string }> = await manager.query(
      `INSERT INTO incident_updates (incident_id, channel, external_id, posted_at, text, html, kind, raw_signal_id,
         next_update_by)
       SELECT u.incident_id, u.channel::channel, u.external_id, u.posted_at, u.text, u.html, u.kind, u.raw_signal_id,
         u.next_update_by
       FROM jsonb_to_recordset($1::jsonb) AS u(
         incident_id uuid, channel text, external_id text, posted_at timestamptz, text text, html text, kind text,
         raw_signal_id bigint, next_update_by timestamptz)
       WHERE NOT EXISTS (
         SELECT 1 FROM incident_updates e
         WHERE e.incident_id = u.incident_id AND e.channel = u.channel::channel AND e.external_id = u.external_id)
       ON CONFLICT (incident_id, channel, external_id) DO NOTHING
       RETURNING incident_id`,
      [
        JSON.stringify(
          updates.map((u) => ({
            incident_id: u.incidentId,
            channel: u.channel,
            external_id: u.externalId,
            posted_at: u.postedAt.toISOString(),
            text: u.text,
            html: u.html,
            kind: u.kind,
            raw_signal_id: u.rawSignalId,
            // Read here rather than by PostgreSQL's regex engine (migration NextUpdateByWritten).
            next_update_by: nextUpdateByOf(u.text)?.toISOString() ?? null,
          })),
        ),
      ],
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
