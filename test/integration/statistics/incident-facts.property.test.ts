import { HEALTH_LEVELS } from '#domain';
import { CHOSEN_COLUMNS, incidentFactsSql, storedFactsSql } from '#persistence';
import { createTestDatabase, type TestDatabase } from '#testing';
import fc from 'fast-check';
import pg from 'pg';

/**
 * The facts statistics read (`incident_facts`, kept by triggers at each commit) are the definition
 * (`incidentFactsSql`, computed from the incidents' rows, sightings, updates and level timeline), incident
 * by incident, read at the same instant: over generated histories written in several commits (rows added,
 * sightings widened, incidents resolved or reopened, one incident merged into another), and again after
 * every incident's facts are recomputed from scratch, as a rebuild does. `FC_SEED` replays a history,
 * `FC_RUNS` sets how many.
 */
const RUNS = Number(process.env.FC_RUNS ?? 50);
const T0 = Date.UTC(2026, 0, 5, 8, 0);
const minute = (m: number) => new Date(T0 + m * 60_000);
const CHANNELS = ['GRAPH', 'STATUS_SITE', 'X'] as const;
const STATUSES = [
  ['investigating', 'INVESTIGATING'],
  ['serviceDegradation', 'DEGRADED'],
  ['serviceInterruption', 'INTERRUPTED'],
  ['serviceRestored', 'OPERATIONAL'],
  ['postIncidentReviewPublished', 'OPERATIONAL'],
  ['unknownFutureValue', 'UNKNOWN'],
] as const;

const phase = fc.constantFrom(0, 1);
const incidentArbitrary = fc.record({
  resolved: fc.boolean(),
  resolvedLater: fc.option(fc.boolean(), { nil: undefined }),
  startedAt: fc.option(fc.integer({ min: 0, max: 600 }), { nil: null }),
  length: fc.integer({ min: 0, max: 600 }),
  firstSeenAt: fc.integer({ min: 0, max: 600 }),
  sightings: fc.uniqueArray(
    fc.record({
      channel: fc.constantFrom(...CHANNELS),
      first: fc.integer({ min: 0, max: 600 }),
      span: fc.integer({ min: 0, max: 300 }),
      widenedLater: fc.integer({ min: 0, max: 200 }),
    }),
    { selector: (s) => s.channel, maxLength: 3 },
  ),
  updates: fc.array(
    fc.record({
      channel: fc.constantFrom(...CHANNELS),
      postedAt: fc.integer({ min: 0, max: 900 }),
      promise: fc.option(fc.integer({ min: 1, max: 180 }), { nil: null }),
      phase,
    }),
    { maxLength: 5 },
  ),
  levels: fc.uniqueArray(
    fc.record({
      channel: fc.constantFrom(...CHANNELS),
      at: fc.integer({ min: -60, max: 900 }),
      status: fc.constantFrom(...STATUSES),
      phase,
    }),
    { selector: (l) => `${l.channel} ${l.at}`, maxLength: 5 },
  ),
});
type GeneratedIncident = typeof incidentArbitrary extends fc.Arbitrary<infer T> ? T : never;

describe('kept incident facts', () => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await database.drop();
  });

  it('equal the definition, however the rows came, and after a recompute', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(incidentArbitrary, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        async (incidents, merge) => {
          await client.query('DELETE FROM incidents');
          await write(incidents, merge);
          await compare();
          const kept = await keptRows();
          await client.query('INSERT INTO incident_facts_dirty (incident_id) SELECT id FROM incidents');
          expect(await keptRows()).toEqual(kept);
          await compare();
        },
      ),
      { numRuns: RUNS, ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) },
    );
  });

  /** The incidents with their first rows in one commit, then the rest, the changes and the merge. */
  async function write(incidents: GeneratedIncident[], merge: boolean): Promise<void> {
    const ids: string[] = [];
    await client.query('BEGIN');
    for (const [n, incident] of incidents.entries()) {
      const started = incident.startedAt === null ? null : minute(incident.startedAt);
      const start = incident.startedAt ?? incident.firstSeenAt;
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO incidents (reference, title, classification, status, level, is_resolved, started_at, ended_at,
           first_seen_at, last_updated_at, provisional)
         VALUES ($1, $1, 'INCIDENT', 'investigating', 'INVESTIGATING', $2, $3, $4, $5, $5, false) RETURNING id`,
        [
          `EX${n}`,
          incident.resolved,
          started,
          incident.resolved ? minute(start + incident.length) : null,
          minute(incident.firstSeenAt),
        ],
      );
      ids.push(rows[0]!.id);
      await client.query(`INSERT INTO incident_references (reference, incident_id) VALUES ($1, $2)`, [
        `EX${n}`,
        rows[0]!.id,
      ]);
      for (const sighting of incident.sightings) {
        await client.query(
          `INSERT INTO incident_sightings (incident_id, channel, first_seen_at, last_seen_at) VALUES ($1, $2, $3, $4)`,
          [rows[0]!.id, sighting.channel, minute(sighting.first), minute(sighting.first + sighting.span)],
        );
      }
      await writeRows(n, rows[0]!.id, incident, 0);
    }
    await client.query('COMMIT');

    // Then one kind of change per transaction, so that each must mark what it changes by itself.
    await inTransaction(async () => {
      for (const [n, incident] of incidents.entries()) await writeRows(n, ids[n]!, incident, 1);
    });
    await inTransaction(async () => {
      for (const [n, incident] of incidents.entries()) {
        for (const sighting of incident.sightings) {
          await client.query(
            `INSERT INTO incident_sightings (incident_id, channel, first_seen_at, last_seen_at) VALUES ($1, $2, $3, $3)
             ON CONFLICT (incident_id, channel) DO UPDATE SET
               last_seen_at = GREATEST(incident_sightings.last_seen_at, EXCLUDED.last_seen_at)`,
            [ids[n], sighting.channel, minute(sighting.first + sighting.span + sighting.widenedLater)],
          );
        }
      }
    });
    await inTransaction(async () => {
      for (const [n, incident] of incidents.entries()) {
        if (incident.resolvedLater === undefined) continue;
        const start = incident.startedAt ?? incident.firstSeenAt;
        await client.query(`UPDATE incidents SET is_resolved = $2, ended_at = $3 WHERE id = $1`, [
          ids[n],
          incident.resolvedLater,
          incident.resolvedLater ? minute(start + incident.length + 30) : null,
        ]);
      }
    });
    if (merge && ids.length > 1) {
      // As IncidentStore.merge: the absorbed incident's ids become the survivor's aliases, then it goes.
      await inTransaction(async () => {
        await client.query(`UPDATE incident_references SET incident_id = $1 WHERE incident_id = $2`, [
          ids[0],
          ids[1],
        ]);
        await client.query(`DELETE FROM incidents WHERE id = $1`, [ids[1]]);
      });
    }
  }

  async function inTransaction(work: () => Promise<void>): Promise<void> {
    await client.query('BEGIN');
    await work();
    await client.query('COMMIT');
  }

  async function writeRows(
    n: number,
    id: string,
    incident: GeneratedIncident,
    ofPhase: number,
  ): Promise<void> {
    for (const [index, update] of incident.updates.entries()) {
      if (update.phase !== ofPhase) continue;
      const text =
        update.promise === null
          ? 'Current status: investigating.'
          : `Current status: investigating.\nNext update by: ${minute(update.postedAt + update.promise).toISOString()}`;
      await client.query(
        `INSERT INTO incident_updates (incident_id, channel, external_id, posted_at, text) VALUES ($1, $2, $3, $4, $5)`,
        [id, update.channel, `post-${index}`, minute(update.postedAt), text],
      );
    }
    for (const level of incident.levels) {
      if (level.phase !== ofPhase) continue;
      await client.query(
        `INSERT INTO incident_level_changes (reference, channel, changed_at, level, status) VALUES ($1, $2, $3, $4, $5)`,
        [`EX${n}`, level.channel, minute(level.at), level.status[1], level.status[0]],
      );
    }
  }

  /** The kept rows as they are (what the time of reading decides is in them as of when it turns). */
  async function keptRows(): Promise<unknown[]> {
    return (await client.query('SELECT * FROM incident_facts ORDER BY incident_id')).rows;
  }

  /** Both readings of every incident, at one instant (one transaction: one now()). */
  async function compare(): Promise<void> {
    await client.query('BEGIN');
    try {
      const definition = await client.query(DEFINITION);
      const stored = await client.query(STORED);
      expect(stored.rows.map(rounded)).toEqual(definition.rows.map(rounded));
    } finally {
      await client.query('COMMIT');
    }
  }
});

const levelsOf = (value: (level: string) => string) =>
  HEALTH_LEVELS.map((level) => `${value(level)} AS level_${level.toLowerCase()}`).join(',\n');

const DEFINITION = `${incidentFactsSql(`SELECT ${CHOSEN_COLUMNS} FROM incidents i`)}
  SELECT f.id, f.first_channel, f.graph_lag_seconds, f.fallback_only_seconds, f.never_on_graph,
    f.duration_seconds, f.review_days_after_end,
    (SELECT count(*) FROM promises p WHERE p.id = f.id)::int AS promise_count,
    (SELECT count(*) FROM promises p WHERE p.id = f.id AND p.outcome = 'KEPT')::int AS kept,
    (SELECT count(*) FROM promises p WHERE p.id = f.id AND p.outcome = 'LATE')::int AS late,
    (SELECT count(*) FROM promises p WHERE p.id = f.id AND p.outcome = 'UNANSWERED')::int AS unanswered,
    (SELECT count(*) FROM promises p WHERE p.id = f.id AND p.outcome = 'PENDING')::int AS pending,
    (SELECT coalesce(array_agg(p.late_seconds ORDER BY p.late_seconds), '{}') FROM promises p
     WHERE p.id = f.id AND p.outcome = 'LATE') AS late_seconds,
    ${levelsOf(
      (level) => `CASE WHEN NOT f.is_resolved OR f.ended_at IS NOT NULL
        THEN coalesce((SELECT l.seconds FROM levels l WHERE l.id = f.id AND l.level = '${level}'), 0) END`,
    )}
  FROM facts f ORDER BY f.id`;

const STORED = `${storedFactsSql(`SELECT ${CHOSEN_COLUMNS} FROM incidents i`)}
  SELECT f.id, f.first_channel, f.graph_lag_seconds, f.fallback_only_seconds, f.never_on_graph,
    f.duration_seconds, f.review_days_after_end, f.promise_count, f.kept_count AS kept, f.late_count AS late,
    f.unanswered_count AS unanswered, f.pending_count AS pending,
    (SELECT coalesce(array_agg(s ORDER BY s), '{}') FROM unnest(f.late_seconds) AS s) AS late_seconds,
    ${levelsOf((level) => `f.level_${level.toLowerCase()}`)}
  FROM facts f ORDER BY f.id`;

/** Seconds to the microsecond: a sum taken in another order may differ in the last bits of a float. */
function rounded(row: Record<string, unknown>): Record<string, unknown> {
  const round = (value: unknown): unknown =>
    typeof value === 'number'
      ? Math.round(value * 1e6) / 1e6
      : Array.isArray(value)
        ? value.map(round)
        : value;
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, round(value)]));
}
