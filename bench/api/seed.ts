import type pg from 'pg';

export const BENCH_TENANT = 'contoso.onmicrosoft.com';

/** What the search benchmark looks for: two words that meet in about one update in four hundred. */
export const SEARCH_TEXT = 'certificate rollback';

const OPEN_INCIDENTS = 50;

/**
 * Years of history in bulk SQL (generate_series), not through the API: `incidents` incidents over five
 * years, four updates each, one tenant whose Graph lists them all, two dozen services with their statuses,
 * the sources, and message-center posts. The newest 50 incidents are still open (a bad day). Text is drawn from small
 * vocabularies, so that full-text searches match realistic fractions of the history.
 */
export async function seedHistory(client: pg.Client, incidents: number): Promise<void> {
  await client.query('BEGIN');
  await client.query(`INSERT INTO tenants (id, display_name) VALUES ($1, 'Contoso')`, [BENCH_TENANT]);
  await client.query(`
    INSERT INTO services (id, name) VALUES
      ('Exchange', 'Exchange Online'), ('microsoftteams', 'Microsoft Teams'), ('SharePoint', 'SharePoint Online'),
      ('OneDriveForBusiness', 'OneDrive for Business'), ('OSDPPlatform', 'Microsoft 365 suite'),
      ('OrgLiveID', 'Identity Service'), ('DynamicsCRM', 'Dynamics 365 Apps'), ('Intune', 'Microsoft Intune'),
      ('O365Client', 'Microsoft 365 Apps'), ('officeonline', 'Office for the web'), ('Planner', 'Planner'),
      ('Forms', 'Microsoft Forms'), ('Bookings', 'Microsoft Bookings'), ('Stream', 'Microsoft Stream'),
      ('Viva', 'Microsoft Viva'), ('PowerBIcom', 'Power BI'), ('PowerApps', 'Power Apps'),
      ('MicrosoftFlow', 'Microsoft Power Automate'), ('cloudappsecurity', 'Microsoft Defender for Cloud Apps'),
      ('MDATP', 'Microsoft Defender for Endpoint'), ('Lync', 'Skype for Business'), ('yammer', 'Viva Engage'),
      ('Project', 'Project for the web'), ('kaizalamessagingservices', 'Microsoft Kaizala')`);
  await client.query(
    `INSERT INTO service_statuses (tenant_id, service_id, level, status, channel, observed_at, stale, changed_at)
     SELECT $1, s.id,
       (CASE WHEN s.id = 'Exchange' THEN 'DEGRADED' WHEN s.id = 'microsoftteams' THEN 'INVESTIGATING' ELSE 'OPERATIONAL' END)::health_level,
       CASE WHEN s.id = 'Exchange' THEN 'serviceDegradation' WHEN s.id = 'microsoftteams' THEN 'investigating' ELSE 'serviceOperational' END,
       'GRAPH'::channel, now(), false, now() - interval '1 day'
     FROM services s`,
    [BENCH_TENANT],
  );
  await client.query(`
    INSERT INTO service_evidence (tenant_id, service_id, channel, level, status, observed_at)
    VALUES (NULL, 'OSDPPlatform', 'STATUS_SITE', 'OPERATIONAL', 'Available', now() - interval '1 hour')`);
  await client.query(
    `INSERT INTO sources (channel, tenant_id, state, last_attempt_at, last_success_at, consecutive_failures, next_attempt_at)
     VALUES ('GRAPH', $1, 'HEALTHY', now(), now(), 0, now() + interval '1 minute'),
            ('STATUS_SITE', NULL, 'HEALTHY', now(), now(), 0, now() + interval '2 minutes'),
            ('X', NULL, 'DEGRADED', now(), now() - interval '5 minutes', 1, now() + interval '2 minutes')`,
    [BENCH_TENANT],
  );

  // Incident n: id md5('incident-n'), started 52 minutes after n - 1, open when among the newest.
  await client.query(
    `WITH s AS (SELECT array_agg(id ORDER BY id) AS ids, array_agg(name ORDER BY id) AS names FROM services),
     vocabulary AS (SELECT
       ARRAY['Users may experience delays when', 'Users may be unable to complete', 'Some users may see errors when',
             'Admins may be unable to manage', 'Intermittent failures when', 'Users may see degraded performance when'] AS openers,
       ARRAY['sending or receiving email', 'joining meetings', 'syncing files', 'accessing the admin center', 'signing in',
             'loading calendars', 'searching messages', 'uploading documents', 'using the mobile app', 'viewing reports',
             'sharing links', 'creating channels'] AS actions)
     INSERT INTO incidents (id, reference, title, service_id, service_name, feature, feature_group, classification, origin,
       status, level, is_resolved, impact_description, started_at, ended_at, first_seen_at, last_updated_at, provisional,
       post_incident_report_available)
     SELECT md5('incident-' || n)::uuid,
       (ARRAY['EX', 'TM', 'SP', 'OD', 'MO', 'IT'])[1 + n % 6] || (1000000 + n),
       v.openers[1 + n % 6] || ' ' || v.actions[1 + (n * 7) % 12],
       s.ids[1 + n % array_length(s.ids, 1)], s.names[1 + n % array_length(s.ids, 1)],
       'Feature ' || (n % 40), 'Feature group ' || (n % 9),
       (CASE WHEN n % 5 = 0 THEN 'ADVISORY' ELSE 'INCIDENT' END)::incident_classification, 'microsoft',
       CASE WHEN n > $1 - $2 THEN 'serviceDegradation' WHEN n % 7 = 0 THEN 'postIncidentReviewPublished' ELSE 'serviceRestored' END,
       (CASE WHEN n > $1 - $2 THEN 'DEGRADED' ELSE 'OPERATIONAL' END)::health_level,
       n <= $1 - $2,
       'Users may be affected while ' || v.actions[1 + (n * 7) % 12] || '.',
       t.started, CASE WHEN n <= $1 - $2 THEN t.started + interval '3 hours' END,
       t.started, t.started + ((n * 37) % 600) * interval '1 minute' + (n % 997) * interval '1 millisecond',
       false, n % 7 = 0
     FROM generate_series(1, $1) AS n, s, vocabulary v,
       LATERAL (SELECT date_trunc('second', now()) - ($1 - n) * interval '52 minutes' AS started) AS t`,
    [incidents, OPEN_INCIDENTS],
  );
  await client.query(
    `INSERT INTO incident_references (reference, incident_id) SELECT reference, id FROM incidents`,
  );
  await client.query(
    `INSERT INTO incident_tenants (incident_id, tenant_id, first_seen_at, last_seen_at)
     SELECT id, $1, first_seen_at, last_updated_at FROM incidents`,
    [BENCH_TENANT],
  );
  await client.query(`
    INSERT INTO incident_sightings (incident_id, channel, first_seen_at, last_seen_at)
    SELECT id, 'GRAPH'::channel, first_seen_at, last_updated_at FROM incidents
    UNION ALL
    SELECT id, 'X'::channel, first_seen_at + interval '5 minutes', last_updated_at FROM incidents WHERE hashtext(reference) % 3 = 0`);
  await client.query(
    `WITH words AS (SELECT ARRAY['mailbox', 'queue', 'throttling', 'certificate', 'replication', 'authentication', 'token',
       'cache', 'database', 'network', 'routing', 'configuration', 'deployment', 'rollback', 'telemetry', 'latency',
       'timeout', 'DNS', 'balancer', 'storage', 'index', 'search', 'calendar', 'license', 'policy', 'connector',
       'gateway', 'firewall', 'proxy', 'directory'] AS w)
     INSERT INTO incident_updates (incident_id, channel, external_id, posted_at, text, html, kind)
     SELECT i.id, 'GRAPH'::channel, 'post-' || k, i.started_at + k * interval '30 minutes',
       'Current status: ' || (ARRAY['We are investigating', 'We have identified', 'We are deploying a fix for',
         'We have confirmed recovery from'])[k] || ' an issue in which ' || lower(i.title) || '. Telemetry points to '
         || words.w[1 + abs(hashtext(n || ':' || k)) % 30] || ' problems affecting the '
         || words.w[1 + abs(hashtext(k || ':' || n)) % 30]
         || ' service in part of the infrastructure. Next update within the hour.',
       '<p>Current status: update ' || k || '</p>', 'regular'
     FROM (SELECT id, started_at, title, row_number() OVER (ORDER BY started_at) AS n FROM incidents) AS i,
       generate_series(1, 4) AS k, words`,
  );
  await client.query(
    `INSERT INTO messages (id, title, category, severity, tags, services, is_major_change, action_required_by, started_at,
       ends_at, last_modified_at, body)
     SELECT 'MC' || (900000 + n), 'Planned change ' || n || ': ' || (ARRAY['retirement', 'new feature', 'update', 'policy change'])[1 + n % 4],
       (ARRAY['planForChange', 'stayInformed', 'preventOrFixIssue'])[1 + n % 3], CASE WHEN n % 10 = 0 THEN 'high' ELSE 'normal' END,
       ARRAY['Admin impact'], ARRAY[(ARRAY['Exchange Online', 'Microsoft Teams', 'SharePoint Online'])[1 + n % 3]], n % 10 = 0,
       NULL, now() - (2000 - n) * interval '1 day', NULL, now() - (2000 - n) * interval '1 day' + (n % 997) * interval '1 millisecond',
       'We are making a change that affects your organization. Review the details and prepare before the rollout.'
     FROM generate_series(1, 2000) AS n`,
  );
  await client.query(`INSERT INTO message_tenants (message_id, tenant_id) SELECT id, $1 FROM messages`, [
    BENCH_TENANT,
  ]);
  await client.query('COMMIT');
  // As autovacuum would have left a database that old: statistics, and the visibility map for index-only scans.
  await client.query('VACUUM ANALYZE');
}
