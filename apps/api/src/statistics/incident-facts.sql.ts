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
  facts AS (
    SELECT c.*, sg.first_channel,
      CASE WHEN c.is_resolved AND c.ended_at IS NOT NULL
        THEN ${seconds('c.ended_at - coalesce(c.started_at, c.first_seen_at)')} END AS duration_seconds,
      ${seconds('sg.graph_at - sg.first_word_at')} AS graph_lag_seconds,
      CASE WHEN sg.fallback_at IS NOT NULL AND (sg.graph_at IS NULL OR sg.fallback_at < sg.graph_at)
        THEN ${seconds('coalesce(sg.graph_at, sg.fallback_last_at) - sg.fallback_at')} END AS fallback_only_seconds,
      (sg.fallback_at IS NOT NULL AND sg.graph_at IS NULL) AS never_on_graph
    FROM chosen c LEFT JOIN sighted sg ON sg.id = c.id),
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
function seconds(interval: string): string {
  return `extract(epoch FROM ${interval})::float8`;
}
