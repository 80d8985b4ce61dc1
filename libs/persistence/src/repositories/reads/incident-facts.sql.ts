/**
 * The facts of each incident that analysts ask about, in SQL, shared by `Incident.analysis` and
 * `incidentStatistics` so that a group's figures are always the sum of its incidents' facts. `chosen` is a
 * statement selecting the incidents (`i.*` columns of `incidents i`); the result is a `WITH` list ending in
 * `facts` (one row per incident) and `promises` (one row per "Next update by" promise).
 *
 * - Time to resolve: `endedAt − (startedAt, else firstSeenAt)`, for resolved incidents with an end.
 * - First word: the channel whose sighting came first (a tie goes to GRAPH, then STATUS_SITE, then X);
 *   Graph's lag: its first sighting after the first sighting of any channel (0 when it spoke first).
 * - Fallback alone: X or the status site spoke before Graph, for as long as Graph was silent; for an
 *   incident Graph never spoke of, from the first to the last fallback word.
 * - Promises: a post's "Next update by" time (`incident_updates.next_update_by`) is KEPT when the next
 *   post on any channel comes by then, LATE when it comes after (by `late_seconds`), UNANSWERED when the
 *   time has passed with no later post, PENDING until then.
 * - Time at each level (`levels`: one row per incident and level it spent time at): the incident's life runs
 *   from its start (startedAt, else firstSeenAt) to its end (endedAt when resolved; now while open; a
 *   resolved incident without an end has none). Its timeline is Graph's versions of it
 *   (`incident_level_changes`, each at its lastModifiedDateTime), or, when Graph never gave one, the
 *   fallback posts that cited its id (each at its posting time). Each entry's level holds until the next
 *   entry; before the first, the level is UNKNOWN; every span is cut to the life.
 * - Review: published at the first Graph version whose status is postIncidentReviewPublished (its
 *   lastModifiedDateTime); `review_days_after_end` from endedAt to then.
 *
 * `incident_facts` (migration IncidentFacts) keeps the same facts per incident for the statistics; a test
 * (test/integration/statistics) holds the two equal.
 */
export function incidentFactsSql(chosen: string): string {
  return `WITH chosen AS (${chosen}),
  sighted AS (
    SELECT s.incident_id AS id,
      min(s.first_seen_at) AS first_word_at,
      min(s.first_seen_at) FILTER (WHERE s.channel = 'GRAPH') AS graph_at,
      min(s.first_seen_at) FILTER (WHERE s.channel <> 'GRAPH') AS fallback_at,
      max(s.last_seen_at) FILTER (WHERE s.channel <> 'GRAPH') AS fallback_last_at,
      (array_agg(s.channel ORDER BY s.first_seen_at, s.channel))[1] AS first_channel
    FROM chosen c JOIN incident_sightings s ON s.incident_id = c.id
    GROUP BY s.incident_id),
  entries AS (
    SELECT r.incident_id AS id, h.channel, h.changed_at, h.level, h.status
    FROM chosen c JOIN incident_references r ON r.incident_id = c.id
    JOIN incident_level_changes h ON h.reference = r.reference),
  on_graph AS (SELECT DISTINCT e.id FROM entries e WHERE e.channel = 'GRAPH'),
  timeline AS (
    SELECT e.* FROM entries e LEFT JOIN on_graph g ON g.id = e.id WHERE e.channel = 'GRAPH' OR g.id IS NULL),
  lives AS (
    SELECT c.id, coalesce(c.started_at, c.first_seen_at) AS life_start,
      CASE WHEN c.is_resolved THEN c.ended_at ELSE now() END AS life_end
    FROM chosen c WHERE NOT c.is_resolved OR c.ended_at IS NOT NULL),
  spans AS (
    SELECT t.id, t.level, t.changed_at AS span_start,
      lead(t.changed_at) OVER (PARTITION BY t.id ORDER BY t.changed_at, t.channel) AS span_end
    FROM timeline t
    UNION ALL
    SELECT l.id, 'UNKNOWN', l.life_start, (SELECT min(t.changed_at) FROM timeline t WHERE t.id = l.id)
    FROM lives l),
  levels AS (
    SELECT sp.id, sp.level,
      sum(greatest(0, ${seconds('least(coalesce(sp.span_end, l.life_end), l.life_end) - greatest(sp.span_start, l.life_start)')}))
        AS seconds
    FROM spans sp JOIN lives l ON l.id = sp.id GROUP BY sp.id, sp.level),
  reviewed AS (
    SELECT e.id, min(e.changed_at) AS published_at FROM entries e
    WHERE e.channel = 'GRAPH' AND e.status = 'postIncidentReviewPublished' GROUP BY e.id),
  facts AS (
    SELECT c.*, sg.first_channel, rv.published_at AS review_published_at,
      ${seconds('rv.published_at - c.ended_at')} / 86400 AS review_days_after_end,
      CASE WHEN c.is_resolved AND c.ended_at IS NOT NULL
        THEN ${seconds('c.ended_at - coalesce(c.started_at, c.first_seen_at)')} END AS duration_seconds,
      ${seconds('sg.graph_at - sg.first_word_at')} AS graph_lag_seconds,
      CASE WHEN sg.fallback_at IS NOT NULL AND (sg.graph_at IS NULL OR sg.fallback_at < sg.graph_at)
        THEN ${seconds('coalesce(sg.graph_at, sg.fallback_last_at) - sg.fallback_at')} END AS fallback_only_seconds,
      (sg.fallback_at IS NOT NULL AND sg.graph_at IS NULL) AS never_on_graph
    FROM chosen c LEFT JOIN sighted sg ON sg.id = c.id LEFT JOIN reviewed rv ON rv.id = c.id),
  promised AS (
    SELECT u.incident_id AS id, u.id AS update_id, u.channel, u.posted_at AS made_at,
      u.next_update_by AS promised_by,
      (SELECT min(n.posted_at) FROM incident_updates n
       WHERE n.incident_id = u.incident_id AND n.posted_at > u.posted_at) AS next_post_at
    FROM chosen c JOIN incident_updates u ON u.incident_id = c.id
    WHERE u.next_update_by IS NOT NULL),
  promises AS (
    SELECT p.*,
      CASE WHEN p.next_post_at <= p.promised_by THEN 'KEPT'
           WHEN p.next_post_at IS NOT NULL THEN 'LATE'
           WHEN p.promised_by < now() THEN 'UNANSWERED'
           ELSE 'PENDING' END AS outcome,
      CASE WHEN p.next_post_at > p.promised_by
        THEN ${seconds('p.next_post_at - p.promised_by')} END AS late_seconds
    FROM promised p)`;
}

/** The columns of `incidents i` that the facts read. */
export const CHOSEN_COLUMNS = `i.id, i.reference, i.service_id, i.service_name, i.feature_group,
  i.classification, i.started_at, i.ended_at, i.first_seen_at, i.is_resolved,
  i.post_incident_report_available`;

/** A time difference in seconds, microseconds kept. */
export function seconds(interval: string): string {
  return `extract(epoch FROM ${interval})::float8`;
}
