import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What analysts measure, kept ready so that statistics over years of incidents read one row per incident:
 *
 * - `incident_level_changes`: each incident's level over time, one row per version of it a channel gave (the
 *   correlator writes them as it folds the log, `libs/correlation/src/incident-level.writer.ts`). Keyed by
 *   the id the channel used (a row of `incident_references`), so merges and renames keep it and a rebuild,
 *   which deletes the incidents and their ids, writes it again.
 * - `incident_facts`: per incident, the facts of `apps/api/src/statistics/incident-facts.sql.ts` that do not
 *   depend on the time they are read at (the rest is kept as when it turns: `open_promises`, `level_now`
 *   and `level_since`). `beacon_refresh_incident_facts()` is that definition for the incidents marked in
 *   `incident_facts_dirty`.
 * - Triggers mark an incident dirty whenever its row, sightings, updates or level changes are written,
 *   whoever writes them, and a deferred trigger refreshes the dirty ones when the transaction commits: the
 *   facts are always those of the committed rows (test/integration/statistics proves them equal to the
 *   definition over generated histories).
 */
export class IncidentFacts1795716000000 implements MigrationInterface {
  name = 'IncidentFacts1795716000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE incident_level_changes (
        reference text NOT NULL REFERENCES incident_references (reference) ON DELETE CASCADE,
        channel channel NOT NULL,
        changed_at timestamptz NOT NULL,
        level health_level NOT NULL,
        status text NOT NULL,
        PRIMARY KEY (reference, channel, changed_at))`);
    await queryRunner.query(`
      CREATE TABLE incident_facts (
        incident_id uuid PRIMARY KEY REFERENCES incidents (id) ON DELETE CASCADE,
        first_channel channel,
        graph_lag_seconds float8,
        fallback_only_seconds float8,
        never_on_graph boolean NOT NULL,
        promise_count int NOT NULL,
        kept_count int NOT NULL,
        late_count int NOT NULL,
        late_seconds float8[] NOT NULL,
        open_promises timestamptz[] NOT NULL, -- the unanswered or pending ones, in order
        operational_seconds float8,
        investigating_seconds float8,
        degraded_seconds float8,
        interrupted_seconds float8,
        unknown_seconds float8,
        level_now health_level,
        level_since timestamptz,
        review_published_at timestamptz)`);
    await queryRunner.query(`CREATE TABLE incident_facts_dirty (incident_id uuid PRIMARY KEY)`);

    await queryRunner.query(`
      CREATE FUNCTION beacon_refresh_incident_facts() RETURNS void LANGUAGE plpgsql AS $fn$
      DECLARE
        ids uuid[];
      BEGIN
        WITH taken AS (DELETE FROM incident_facts_dirty RETURNING incident_id)
        SELECT array_agg(incident_id) INTO ids FROM taken;
        IF ids IS NULL THEN
          RETURN;
        END IF;
        DELETE FROM incident_facts f USING unnest(ids) AS d (id) WHERE f.incident_id = d.id;
        INSERT INTO incident_facts (incident_id, first_channel, graph_lag_seconds, fallback_only_seconds,
          never_on_graph, promise_count, kept_count, late_count, late_seconds, open_promises, operational_seconds,
          investigating_seconds, degraded_seconds, interrupted_seconds, unknown_seconds, level_now, level_since,
          review_published_at)
        -- Joins, not = ANY (ids): a rebuild refreshes every incident at once.
        WITH chosen AS (SELECT i.* FROM unnest(ids) AS d (id) JOIN incidents i ON i.id = d.id),
        sighted AS (
          SELECT s.incident_id AS id,
            min(s.first_seen_at) AS first_word_at,
            min(s.first_seen_at) FILTER (WHERE s.channel = 'GRAPH') AS graph_at,
            min(s.first_seen_at) FILTER (WHERE s.channel <> 'GRAPH') AS fallback_at,
            max(s.last_seen_at) FILTER (WHERE s.channel <> 'GRAPH') AS fallback_last_at,
            (array_agg(s.channel ORDER BY s.first_seen_at, s.channel))[1] AS first_channel
          FROM chosen c JOIN incident_sightings s ON s.incident_id = c.id
          GROUP BY s.incident_id),
        promised AS MATERIALIZED (
          SELECT u.incident_id AS id, u.posted_at AS made_at, u.next_update_by AS promised_by,
            (SELECT min(n.posted_at) FROM incident_updates n
             WHERE n.incident_id = u.incident_id AND n.posted_at > u.posted_at) AS next_post_at
          FROM chosen c JOIN incident_updates u ON u.incident_id = c.id WHERE u.next_update_by IS NOT NULL),
        promise_facts AS (
          SELECT p.id, count(*)::int AS promise_count,
            count(*) FILTER (WHERE p.next_post_at <= p.promised_by)::int AS kept_count,
            count(*) FILTER (WHERE p.next_post_at > p.promised_by)::int AS late_count,
            coalesce(array_agg(extract(epoch FROM p.next_post_at - p.promised_by)::float8 ORDER BY p.made_at)
              FILTER (WHERE p.next_post_at > p.promised_by), '{}') AS late_seconds,
            coalesce(array_agg(p.promised_by ORDER BY p.promised_by) FILTER (WHERE p.next_post_at IS NULL), '{}')
              AS open_promises
          FROM promised p GROUP BY p.id),
        entries AS (
          SELECT r.incident_id AS id, h.channel, h.changed_at, h.level, h.status
          FROM chosen c JOIN incident_references r ON r.incident_id = c.id
          JOIN incident_level_changes h ON h.reference = r.reference),
        on_graph AS (SELECT DISTINCT e.id FROM entries e WHERE e.channel = 'GRAPH'),
        used AS (
          SELECT e.* FROM entries e LEFT JOIN on_graph g ON g.id = e.id
          WHERE e.channel = 'GRAPH' OR g.id IS NULL),
        spans AS (
          SELECT u.id, u.level, u.changed_at AS span_start,
            lead(u.changed_at) OVER (PARTITION BY u.id ORDER BY u.changed_at, u.channel) AS span_end
          FROM used u
          UNION ALL
          SELECT c.id, 'UNKNOWN'::health_level, coalesce(c.started_at, c.first_seen_at), f.first_at
          FROM chosen c LEFT JOIN (SELECT u.id, min(u.changed_at) AS first_at FROM used u GROUP BY u.id) f ON f.id = c.id),
        clipped AS (
          SELECT sp.id, sp.level, sp.span_end IS NULL AND NOT c.is_resolved AS open,
            greatest(sp.span_start, coalesce(c.started_at, c.first_seen_at)) AS from_at,
            CASE WHEN c.is_resolved THEN least(coalesce(sp.span_end, c.ended_at), c.ended_at) ELSE sp.span_end END
              AS to_at
          FROM spans sp JOIN chosen c ON c.id = sp.id),
        level_facts AS (
          SELECT k.id,
            sum(greatest(0, extract(epoch FROM k.to_at - k.from_at)::float8)) FILTER (WHERE k.level = 'OPERATIONAL')
              AS operational_seconds,
            sum(greatest(0, extract(epoch FROM k.to_at - k.from_at)::float8)) FILTER (WHERE k.level = 'INVESTIGATING')
              AS investigating_seconds,
            sum(greatest(0, extract(epoch FROM k.to_at - k.from_at)::float8)) FILTER (WHERE k.level = 'DEGRADED')
              AS degraded_seconds,
            sum(greatest(0, extract(epoch FROM k.to_at - k.from_at)::float8)) FILTER (WHERE k.level = 'INTERRUPTED')
              AS interrupted_seconds,
            sum(greatest(0, extract(epoch FROM k.to_at - k.from_at)::float8)) FILTER (WHERE k.level = 'UNKNOWN')
              AS unknown_seconds,
            min(k.level) FILTER (WHERE k.open) AS level_now,
            min(k.from_at) FILTER (WHERE k.open) AS level_since
          FROM clipped k GROUP BY k.id),
        reviewed AS (
          SELECT e.id, min(e.changed_at) AS published_at FROM entries e
          WHERE e.channel = 'GRAPH' AND e.status = 'postIncidentReviewPublished' GROUP BY e.id)
        SELECT c.id, sg.first_channel,
          extract(epoch FROM sg.graph_at - sg.first_word_at)::float8,
          CASE WHEN sg.fallback_at IS NOT NULL AND (sg.graph_at IS NULL OR sg.fallback_at < sg.graph_at)
            THEN extract(epoch FROM coalesce(sg.graph_at, sg.fallback_last_at) - sg.fallback_at)::float8 END,
          sg.fallback_at IS NOT NULL AND sg.graph_at IS NULL,
          coalesce(pf.promise_count, 0), coalesce(pf.kept_count, 0), coalesce(pf.late_count, 0),
          coalesce(pf.late_seconds, '{}'), coalesce(pf.open_promises, '{}'),
          -- A resolved incident without an end has no life to divide.
          CASE WHEN NOT c.is_resolved OR c.ended_at IS NOT NULL THEN coalesce(lf.operational_seconds, 0) END,
          CASE WHEN NOT c.is_resolved OR c.ended_at IS NOT NULL THEN coalesce(lf.investigating_seconds, 0) END,
          CASE WHEN NOT c.is_resolved OR c.ended_at IS NOT NULL THEN coalesce(lf.degraded_seconds, 0) END,
          CASE WHEN NOT c.is_resolved OR c.ended_at IS NOT NULL THEN coalesce(lf.interrupted_seconds, 0) END,
          CASE WHEN NOT c.is_resolved OR c.ended_at IS NOT NULL THEN coalesce(lf.unknown_seconds, 0) END,
          lf.level_now, lf.level_since, rv.published_at
        FROM chosen c
        LEFT JOIN sighted sg ON sg.id = c.id
        LEFT JOIN promise_facts pf ON pf.id = c.id
        LEFT JOIN level_facts lf ON lf.id = c.id
        LEFT JOIN reviewed rv ON rv.id = c.id;
      END
      $fn$`);

    // Statement triggers: one insert per statement, however many rows it wrote.
    for (const [name, column] of [
      ['incident', 'id'],
      ['incident_id', 'incident_id'],
    ] as const) {
      await queryRunner.query(`
        CREATE FUNCTION beacon_mark_facts_dirty_by_${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
          INSERT INTO incident_facts_dirty (incident_id) SELECT DISTINCT ${column} FROM written
          ON CONFLICT DO NOTHING;
          RETURN NULL;
        END
        $fn$`);
    }
    await queryRunner.query(`
      CREATE FUNCTION beacon_mark_facts_dirty_by_reference() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO incident_facts_dirty (incident_id)
        SELECT DISTINCT r.incident_id FROM written w JOIN incident_references r ON r.reference = w.reference
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END
      $fn$`);
    for (const [table, by] of TRIGGERED) {
      for (const event of ['INSERT', 'UPDATE']) {
        await queryRunner.query(`
          CREATE TRIGGER ${table}_facts_dirty_on_${event.toLowerCase()} AFTER ${event} ON ${table}
          REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION beacon_mark_facts_dirty_by_${by}()`);
      }
    }
    // A merge moves an incident's ids to another: the moved level changes count for the new owner.
    await queryRunner.query(`
      CREATE TRIGGER incident_references_facts_dirty_on_update AFTER UPDATE ON incident_references
      REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION beacon_mark_facts_dirty_by_reference()`);

    await queryRunner.query(`
      CREATE FUNCTION beacon_refresh_incident_facts_at_commit() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        -- One probe of the key: an earlier run in this commit refreshed it with the rest.
        IF EXISTS (SELECT 1 FROM incident_facts_dirty WHERE incident_id = NEW.incident_id) THEN
          PERFORM beacon_refresh_incident_facts();
        END IF;
        RETURN NULL;
      END
      $fn$`);
    // Deferred: runs once per dirty row at commit; the first run refreshes them all, the others find theirs done.
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER incident_facts_dirty_refresh AFTER INSERT ON incident_facts_dirty
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION beacon_refresh_incident_facts_at_commit()`);

    // Incidents folded before this migration: their facts now (their level changes come with a rebuild).
    await queryRunner.query(`INSERT INTO incident_facts_dirty (incident_id) SELECT id FROM incidents`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER incident_references_facts_dirty_on_update ON incident_references`);
    for (const [table] of TRIGGERED) {
      for (const event of ['insert', 'update']) {
        await queryRunner.query(`DROP TRIGGER ${table}_facts_dirty_on_${event} ON ${table}`);
      }
    }
    await queryRunner.query(`DROP TABLE incident_facts_dirty`);
    await queryRunner.query(`DROP FUNCTION beacon_refresh_incident_facts_at_commit()`);
    await queryRunner.query(`DROP FUNCTION beacon_mark_facts_dirty_by_reference()`);
    await queryRunner.query(`DROP FUNCTION beacon_mark_facts_dirty_by_incident_id()`);
    await queryRunner.query(`DROP FUNCTION beacon_mark_facts_dirty_by_incident()`);
    await queryRunner.query(`DROP FUNCTION beacon_refresh_incident_facts()`);
    await queryRunner.query(`DROP TABLE incident_facts`);
    await queryRunner.query(`DROP TABLE incident_level_changes`);
  }
}

/** The tables whose rows the facts are made of, and what names the incident in them. */
const TRIGGERED = [
  ['incidents', 'incident'],
  ['incident_sightings', 'incident_id'],
  ['incident_updates', 'incident_id'],
  ['incident_level_changes', 'reference'],
] as const;
