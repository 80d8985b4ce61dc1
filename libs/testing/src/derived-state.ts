import type { DataSource } from 'typeorm';

/**
 * Everything Beacon derives from raw signals, keyed by what identifies it publicly (incident ids, not
 * row uuids), so that two derivations can be compared: live ingestion and a rebuild.
 */
export async function derivedState(dataSource: DataSource): Promise<Record<string, unknown[]>> {
  const q = (sql: string) => dataSource.query(sql);
  return {
    incidents: await q(`
      SELECT reference, title, service_id, service_name, feature, feature_group, classification, origin, status,
             level, is_resolved, impact_description, started_at, ended_at, first_seen_at, last_updated_at,
             provisional, post_incident_report_available
      FROM incidents ORDER BY reference`),
    references: await q(`
      SELECT r.reference, i.reference AS incident FROM incident_references r JOIN incidents i ON i.id = r.incident_id
      ORDER BY r.reference`),
    updates: await q(`
      SELECT i.reference, u.channel, u.external_id, u.posted_at, u.text, u.html, u.kind
      FROM incident_updates u JOIN incidents i ON i.id = u.incident_id ORDER BY 1, 2, 3`),
    sightings: await q(`
      SELECT i.reference, s.channel, s.first_seen_at, s.last_seen_at
      FROM incident_sightings s JOIN incidents i ON i.id = s.incident_id ORDER BY 1, 2`),
    tenants: await q(`
      SELECT i.reference, t.tenant_id, t.first_seen_at, t.last_seen_at
      FROM incident_tenants t JOIN incidents i ON i.id = t.incident_id ORDER BY 1, 2`),
    evidence: await q(`
      SELECT tenant_id, service_id, channel, level, status, observed_at FROM service_evidence ORDER BY 1, 2, 3`),
    statuses: await q(`
      SELECT tenant_id, service_id, level, status, channel, stale FROM service_statuses ORDER BY 1, 2`),
    messages: await q(`SELECT * FROM messages ORDER BY id`),
    messageTenants: await q(`SELECT * FROM message_tenants ORDER BY 1, 2`),
  };
}
