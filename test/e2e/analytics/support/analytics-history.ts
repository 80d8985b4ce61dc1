import pg from 'pg';

export const TENANT = 'contoso.onmicrosoft.com';
export const OTHER_TENANT = 'fabrikam.onmicrosoft.com';

/** 2026-03-01T00:00:00Z, a Sunday (ISO week 2026-W09), plus minutes. */
export const at = (minutes: number) => new Date(Date.UTC(2026, 2, 1) + minutes * 60_000);
const DAY = 24 * 60;

export interface IncidentSeed {
  reference: string;
  serviceId: string | null;
  serviceName: string | null;
  featureGroup?: string | null;
  classification?: 'INCIDENT' | 'ADVISORY' | 'UNKNOWN';
  resolved: boolean;
  startedAt: Date | null;
  endedAt: Date | null;
  firstSeenAt: Date;
  provisional?: boolean;
  review?: boolean;
  tenants: string[];
  sightings: Array<{ channel: 'GRAPH' | 'STATUS_SITE' | 'X'; first: Date; last: Date }>;
  updates: Array<{ channel: 'GRAPH' | 'STATUS_SITE' | 'X'; postedAt: Date; text: string }>;
  /** Its level timeline, as the correlator records it (incident_level_changes), under its reference. */
  levels?: Array<{ channel: 'GRAPH' | 'STATUS_SITE' | 'X'; at: Date; level: string; status: string }>;
}

/**
 * The hand-computed history of the analytics tests (every figure the tests expect is worked out beside
 * the incident it comes from). Contoso sees EX100, TM200, EX300 (provisional) and EX500; EX400 is
 * Fabrikam's only.
 */
export const HISTORY: IncidentSeed[] = [
  // X first (+5m), the status site (+10m), Graph (+25m): Graph's lag 1200 s, fallback alone 1200 s.
  // Resolved after 7200 s. Promises: by +60m, next post +55m (KEPT); by +90m, next post +105m (LATE 900 s).
  {
    reference: 'EX100',
    serviceId: 'Exchange',
    serviceName: 'Exchange Online',
    featureGroup: 'Email',
    resolved: true,
    startedAt: at(0),
    endedAt: at(120),
    firstSeenAt: at(5),
    review: true,
    tenants: [TENANT],
    sightings: [
      { channel: 'X', first: at(5), last: at(60) },
      { channel: 'STATUS_SITE', first: at(10), last: at(50) },
      { channel: 'GRAPH', first: at(25), last: at(120) },
    ],
    updates: [
      {
        channel: 'GRAPH',
        postedAt: at(25),
        text: "Title: Mail delays\nCurrent status: We're investigating.\nNext update by: Sunday, March 1, 2026, at 1:00 AM UTC",
      },
      { channel: 'X', postedAt: at(55), text: "We're still investigating mail delays. EX100" },
      {
        channel: 'GRAPH',
        postedAt: at(70),
        text: 'Current status: We are deploying a fix.\nNext update by: Sunday, March 1, 2026, at 1:30 AM UTC',
      },
      { channel: 'GRAPH', postedAt: at(105), text: 'Final status: The fix resolved the delays.' },
    ],
    // Life 0–120: UNKNOWN 0–25 (1500 s), INVESTIGATING 25–70 (2700 s), DEGRADED 70–105 (2100 s),
    // OPERATIONAL 105–120 (900 s); X's word at +5 doesn't count (Graph has a timeline). The review two days
    // after the end: 2 days.
    levels: [
      { channel: 'X', at: at(5), level: 'DEGRADED', status: 'serviceDegradation' },
      { channel: 'GRAPH', at: at(25), level: 'INVESTIGATING', status: 'investigating' },
      { channel: 'GRAPH', at: at(70), level: 'DEGRADED', status: 'serviceDegradation' },
      { channel: 'GRAPH', at: at(105), level: 'OPERATIONAL', status: 'serviceRestored' },
      {
        channel: 'GRAPH',
        at: at(120 + 2 * DAY),
        level: 'OPERATIONAL',
        status: 'postIncidentReviewPublished',
      },
    ],
  },
  // Graph first, the status site 10 minutes later: lag 0, never alone. 1800 s. Promise by +20m, no later
  // post: UNANSWERED.
  {
    reference: 'TM200',
    serviceId: 'microsoftteams',
    serviceName: 'Microsoft Teams',
    featureGroup: 'Meetings',
    resolved: true,
    startedAt: at(DAY),
    endedAt: at(DAY + 30),
    firstSeenAt: at(DAY),
    tenants: [TENANT],
    sightings: [
      { channel: 'GRAPH', first: at(DAY), last: at(DAY + 30) },
      { channel: 'STATUS_SITE', first: at(DAY + 10), last: at(DAY + 20) },
    ],
    updates: [
      {
        channel: 'GRAPH',
        postedAt: at(DAY),
        text: 'Current status: Investigating.\nNext update by: Monday, March 2, 2026, at 12:20 AM UTC',
      },
    ],
    // Interrupted since before its start (cut to the life): INTERRUPTED 1200 s, OPERATIONAL 600 s.
    levels: [
      { channel: 'GRAPH', at: at(DAY - 5), level: 'INTERRUPTED', status: 'serviceInterruption' },
      { channel: 'GRAPH', at: at(DAY + 20), level: 'OPERATIONAL', status: 'serviceRestored' },
    ],
  },
  // Only X, from 08:00 to 08:40 on April 10 (ISO week 15): alone 2400 s, never on Graph; unresolved.
  {
    reference: 'EX300',
    serviceId: 'Exchange',
    serviceName: 'Exchange Online',
    resolved: false,
    startedAt: null,
    endedAt: null,
    firstSeenAt: new Date('2026-04-10T08:00:00Z'),
    provisional: true,
    tenants: [],
    sightings: [
      {
        channel: 'X',
        first: new Date('2026-04-10T08:00:00Z'),
        last: new Date('2026-04-10T08:40:00Z'),
      },
    ],
    updates: [
      {
        channel: 'X',
        postedAt: new Date('2026-04-10T08:00:00Z'),
        text: "We're investigating Outlook issues.",
      },
      { channel: 'X', postedAt: new Date('2026-04-10T08:40:00Z'), text: 'Still investigating.' },
    ],
    // Open, on X's word alone: INVESTIGATING 2400 s, then DEGRADED from 08:40 until now.
    levels: [
      { channel: 'X', at: new Date('2026-04-10T08:00:00Z'), level: 'INVESTIGATING', status: 'investigating' },
      { channel: 'X', at: new Date('2026-04-10T08:40:00Z'), level: 'DEGRADED', status: 'serviceDegradation' },
    ],
  },
  // Fabrikam's: would change every Exchange figure if it leaked into Contoso's view.
  {
    reference: 'EX400',
    serviceId: 'Exchange',
    serviceName: 'Exchange Online',
    featureGroup: 'Email',
    resolved: true,
    startedAt: at(200),
    endedAt: at(300),
    firstSeenAt: at(200),
    review: true,
    tenants: [OTHER_TENANT],
    sightings: [{ channel: 'X', first: at(200), last: at(300) }],
    updates: [{ channel: 'GRAPH', postedAt: at(200), text: 'Next update by: 2026-03-01T03:30:00Z' }],
    levels: [{ channel: 'GRAPH', at: at(200), level: 'INTERRUPTED', status: 'serviceInterruption' }],
  },
  // An advisory on Graph alone, 600 s; its promise is far ahead: PENDING.
  {
    reference: 'EX500',
    serviceId: 'Exchange',
    serviceName: 'Exchange Online',
    featureGroup: 'Email',
    classification: 'ADVISORY',
    resolved: true,
    startedAt: at(360),
    endedAt: at(370),
    firstSeenAt: at(360),
    tenants: [TENANT],
    sightings: [{ channel: 'GRAPH', first: at(360), last: at(370) }],
    updates: [
      {
        channel: 'GRAPH',
        postedAt: at(360),
        text: 'Next update by: Friday, January 1, 2100, at 12:00 AM UTC',
      },
    ],
  },
];

/** Writes incidents as correlation would have stored them, straight into the test database. */
export async function seedAnalyticsHistory(
  databaseUrl: string,
  incidents: IncidentSeed[] = HISTORY,
): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO tenants (id, display_name) VALUES ($1, 'Contoso'), ($2, 'Fabrikam') ON CONFLICT DO NOTHING`,
      [TENANT, OTHER_TENANT],
    );
    await client.query(
      `INSERT INTO services (id, name) VALUES ('Exchange', 'Exchange Online'), ('microsoftteams', 'Microsoft Teams')
       ON CONFLICT DO NOTHING`,
    );
    for (const incident of incidents) {
      const level = incident.resolved ? 'OPERATIONAL' : 'INVESTIGATING';
      const lastUpdatedAt = [...incident.updates.map((u) => u.postedAt), incident.firstSeenAt].sort(
        (a, b) => b.getTime() - a.getTime(),
      )[0];
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO incidents (reference, title, service_id, service_name, feature_group, classification,
           status, level, is_resolved, started_at, ended_at, first_seen_at, last_updated_at, provisional,
           post_incident_report_available)
         VALUES ($1, $1 || ' title', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
        [
          incident.reference,
          incident.serviceId,
          incident.serviceName,
          incident.featureGroup ?? null,
          incident.classification ?? 'INCIDENT',
          incident.resolved ? 'serviceRestored' : 'investigating',
          level,
          incident.resolved,
          incident.startedAt,
          incident.endedAt,
          incident.firstSeenAt,
          lastUpdatedAt,
          incident.provisional ?? false,
          incident.review ?? false,
        ],
      );
      const id = rows[0]!.id;
      await client.query(`INSERT INTO incident_references (reference, incident_id) VALUES ($1, $2)`, [
        incident.reference,
        id,
      ]);
      for (const tenant of incident.tenants) {
        await client.query(
          `INSERT INTO incident_tenants (incident_id, tenant_id, first_seen_at, last_seen_at) VALUES ($1, $2, $3, $3)`,
          [id, tenant, incident.firstSeenAt],
        );
      }
      for (const sighting of incident.sightings) {
        await client.query(
          `INSERT INTO incident_sightings (incident_id, channel, first_seen_at, last_seen_at) VALUES ($1, $2, $3, $4)`,
          [id, sighting.channel, sighting.first, sighting.last],
        );
      }
      for (const change of incident.levels ?? []) {
        await client.query(
          `INSERT INTO incident_level_changes (reference, channel, changed_at, level, status) VALUES ($1, $2, $3, $4, $5)`,
          [incident.reference, change.channel, change.at, change.level, change.status],
        );
      }
      for (const [index, update] of incident.updates.entries()) {
        await client.query(
          `INSERT INTO incident_updates (incident_id, channel, external_id, posted_at, text) VALUES ($1, $2, $3, $4, $5)`,
          [id, update.channel, `${incident.reference}-${index}`, update.postedAt, update.text],
        );
      }
    }
  } finally {
    await client.end();
  }
}
