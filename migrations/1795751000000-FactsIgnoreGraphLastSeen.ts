import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An incident's facts (migration IncidentFacts) read its sightings' first times, and the last time only of
 * the fallback channels: when Graph last listed an incident counts for nothing. Yet every tenant's poll
 * listing an issue moves its Graph sighting's last time, and the update trigger marked every such incident
 * for a refresh at commit: a first import recomputed the facts of every incident once per correlator step
 * (1,000 incidents a step, 0.3 to 0.7 s of bench:ingest's fold), for nothing. A sighting's update now marks
 * its incident only when something the facts read changed (or the row moved to another incident).
 */
export class FactsIgnoreGraphLastSeen1795751000000 implements MigrationInterface {
  name = 'FactsIgnoreGraphLastSeen1795751000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER incident_sightings_facts_dirty_on_update ON incident_sightings`);
    await queryRunner.query(`
      CREATE FUNCTION beacon_mark_facts_dirty_by_sighting() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO incident_facts_dirty (incident_id)
        SELECT w.incident_id FROM written w
        WHERE NOT EXISTS (
          SELECT 1 FROM replaced r
          WHERE r.incident_id = w.incident_id AND r.channel = w.channel AND r.first_seen_at = w.first_seen_at
            AND (w.channel = 'GRAPH' OR r.last_seen_at = w.last_seen_at))
        UNION
        SELECT r.incident_id FROM replaced r
        WHERE NOT EXISTS (SELECT 1 FROM written w WHERE w.incident_id = r.incident_id AND w.channel = r.channel)
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END
      $fn$`);
    await queryRunner.query(`
      CREATE TRIGGER incident_sightings_facts_dirty_on_update AFTER UPDATE ON incident_sightings
      REFERENCING OLD TABLE AS replaced NEW TABLE AS written
      FOR EACH STATEMENT EXECUTE FUNCTION beacon_mark_facts_dirty_by_sighting()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER incident_sightings_facts_dirty_on_update ON incident_sightings`);
    await queryRunner.query(`DROP FUNCTION beacon_mark_facts_dirty_by_sighting()`);
    await queryRunner.query(`
      CREATE TRIGGER incident_sightings_facts_dirty_on_update AFTER UPDATE ON incident_sightings
      REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION beacon_mark_facts_dirty_by_incident_id()`);
  }
}
