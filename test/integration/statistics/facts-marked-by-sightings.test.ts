import { createTestDatabase, type TestDatabase } from '#testing';
import pg from 'pg';

/**
 * A sighting's update marks its incident's facts for a refresh only when something they read changed
 * (migration FactsIgnoreGraphLastSeen): every tenant's poll moves Graph's last time, which they do not read.
 */
describe('facts marked by sightings', () => {
  let database: TestDatabase;
  let client: pg.Client;
  let incidentId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO incidents (reference, title, classification, status, level, is_resolved, first_seen_at,
         last_updated_at, provisional)
       VALUES ('EX1', 'Delays', 'INCIDENT', 'investigating', 'INVESTIGATING', false, now(), now(), false)
       RETURNING id`,
    );
    incidentId = rows[0]!.id;
    await client.query(
      `INSERT INTO incident_sightings (incident_id, channel, first_seen_at, last_seen_at)
       VALUES ($1, 'GRAPH', '2026-11-20T10:00Z', '2026-11-20T10:00Z'), ($1, 'X', '2026-11-20T10:05Z', '2026-11-20T10:05Z')`,
      [incidentId],
    );
  });

  afterAll(async () => {
    await client?.end();
    await database.drop();
  });

  it.each([
    ["Graph's last time", 0, `last_seen_at = '2026-11-20T11:00Z' WHERE channel = 'GRAPH'`],
    ['nothing', 0, `last_seen_at = last_seen_at`],
    ["Graph's first time", 1, `first_seen_at = '2026-11-20T09:00Z' WHERE channel = 'GRAPH'`],
    ["X's last time", 1, `last_seen_at = '2026-11-20T11:00Z' WHERE channel = 'X'`],
    ["X's first time", 1, `first_seen_at = '2026-11-20T09:00Z' WHERE channel = 'X'`],
  ])('moving %s marks %d incidents', async (_, marked, change) => {
    await client.query('BEGIN');
    try {
      await client.query(`UPDATE incident_sightings SET ${change}`);
      const { rows } = await client.query<{ id: string }>(
        `SELECT incident_id AS id FROM incident_facts_dirty`,
      );
      expect(rows.map((row) => row.id)).toEqual(marked ? [incidentId] : []);
    } finally {
      await client.query('ROLLBACK');
    }
  });

  it('marks the incident a sighting moves away from, and the one it moves to', async () => {
    const { rows: other } = await client.query<{ id: string }>(
      `INSERT INTO incidents (reference, title, classification, status, level, is_resolved, first_seen_at,
         last_updated_at, provisional)
       VALUES ('EX2', 'Delays', 'INCIDENT', 'investigating', 'INVESTIGATING', false, now(), now(), false)
       RETURNING id`,
    );
    await client.query('BEGIN');
    try {
      await client.query(`UPDATE incident_sightings SET incident_id = $1 WHERE channel = 'GRAPH'`, [
        other[0]!.id,
      ]);
      const { rows } = await client.query<{ id: string }>(
        `SELECT incident_id AS id FROM incident_facts_dirty ORDER BY incident_id`,
      );
      expect(rows.map((row) => row.id)).toEqual([incidentId, other[0]!.id].sort());
    } finally {
      await client.query('ROLLBACK');
    }
  });
});
