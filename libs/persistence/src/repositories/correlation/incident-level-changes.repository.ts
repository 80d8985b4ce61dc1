import type { Channel, HealthLevel } from '#domain';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { unnestColumns } from '../unnest-columns.js';

/** A channel's reading of an incident's level at a time, keyed by the id the channel used. */
export interface IncidentLevelChange {
  reference: string;
  channel: Channel;
  changedAt: Date;
  level: HealthLevel;
  status: string;
}

/** `incident_level_changes`: the level history of incidents, from which analysts get time at each level. */
@Injectable()
export class IncidentLevelChangesRepository {
  /**
   * Writes the changes in one statement (at most one per key: a statement may not touch a row twice); a
   * change whose reference no incident has is skipped, and one already stored is written only if it differs.
   */
  async upsert(manager: EntityManager, changes: IncidentLevelChange[]): Promise<void> {
    if (changes.length === 0) return;
    await manager.query(
      `INSERT INTO incident_level_changes (reference, channel, changed_at, level, status)
       SELECT c.reference, c.channel::channel, c.changed_at, c.level::health_level, c.status
       FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[])
         AS c(reference, channel, changed_at, level, status)
       JOIN incident_references r ON r.reference = c.reference
       ON CONFLICT (reference, channel, changed_at) DO UPDATE SET level = EXCLUDED.level, status = EXCLUDED.status
       WHERE (incident_level_changes.level, incident_level_changes.status) IS DISTINCT FROM (EXCLUDED.level, EXCLUDED.status)`,
      unnestColumns(changes, [
        (change) => change.reference,
        (change) => change.channel,
        (change) => change.changedAt.toISOString(),
        (change) => change.level,
        (change) => change.status,
      ]),
    );
  }
}
