import { parseAnnouncedTime, parseGraphPost } from '#domain';
import { createTestDatabase, type TestDatabase } from '#testing';
import pg from 'pg';

/**
 * "Next update by" is read by PostgreSQL (a generated column, migration NextUpdateBy) so that statistics
 * count promises in SQL; the reading must be the domain's own, case for case.
 */
const TIMES = [
  'Friday, November 20, 2026, at 11:00 AM UTC',
  'Thursday, November 20, 2026, at 9:00 AM UTC',
  'Thursday, November 20, 2026, 7:40 AM UTC',
  'Thursday, November 20, 2026 at 7:40 PM UTC',
  'November 20, 2026 7:40 pm UTC',
  'Nov 20, 2026, at 12:00 AM UTC',
  'Nov. 20th, 2026, at 12:30 P.M. UTC',
  'Sunday, March 1, 2026, at 13:05 UTC',
  'Sunday, March 1, 2026, at 13:05:30 GMT',
  'Sunday, March 1, 2026, at 1:05 AM (UTC)',
  'Sunday, March 1, 2026, at 1:05 AM',
  '  Friday, November 20, 2026, at 11:00 AM UTC.  ',
  'Friday, November 20, 2026, at 11:00 AM UTC (3:00 AM PST)',
  'Saturday, February 29, 2028, at 11:00 PM UTC',
  '2026-11-20T07:40:00Z',
  '2026-11-20T09:05:12.51Z',
  '2026-11-20T10:18:03+00:00',
  '2026-11-20T10:18:03+0130',
  'We will provide an update within 30 minutes.',
  'TBD',
  'Friday, November 20, 2026',
  'Friday, Brumaire 20, 2026, at 11:00 AM UTC',
  'Friday, November 31, 2026, at 11:00 AM UTC',
  'Friday, February 29, 2026, at 11:00 AM UTC',
  'Friday, November 20, 2026, at 13:00 PM UTC',
  'Friday, November 20, 2026, at 0:00 AM UTC',
  'Friday, November 20, 2026, at 24:00 UTC',
  'Friday, November 20, 2026, at 11:60 AM UTC',
  'Friday, November 20, 2026, at 11:00 AM PST',
  'Friday, November 20, 2026, at 11:00 AM UTC+1',
  'Friday, November 20, 2026, at 11:00 AM CET',
  '2026-13-45T07:40:00Z',
  '',
];

/** Posts as `incident_updates.text` holds them: the plain text of Graph's HTML or a status-site message. */
const POSTS = [
  'Title: Delays\n\nUser impact: Users may see delays.\n\nNext update by: Thursday, November 20, 2026, at 9:00 AM UTC',
  'Title: Delays\nStart time: Thursday, November 20, 2026, at 7:40 AM UTC\nNext update by: Friday, November 20, 2026, at 11:00 AM UTC',
  'Preliminary root cause:\nA recent update.\nNext update by:\nFriday, November 20, 2026, at 11:00 AM UTC',
  'Current status: We are deploying a fix. Next update by: Friday, November 20, 2026, at 1:30 PM UTC',
  'Final status: The issue is resolved.\nStart time: Thursday, November 20, 2026, at 7:40 AM UTC',
  'Next update by: TBD',
  'We have resolved the issue with Exchange Online. EX1234567',
];

describe('next update by, read by PostgreSQL', () => {
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

  it.each(TIMES)('reads %j as parseAnnouncedTime does', async (text) => {
    const { rows } = await client.query<{ at: Date | null }>('SELECT beacon_announced_time($1) AS at', [
      text,
    ]);
    expect(rows[0]!.at?.toISOString() ?? null).toBe(parseAnnouncedTime(text)?.toISOString() ?? null);
  });

  it.each(POSTS)('finds the promise in %j as parseGraphPost does', async (text) => {
    const { rows } = await client.query<{ at: Date | null }>('SELECT beacon_next_update_by($1) AS at', [
      text,
    ]);
    expect(rows[0]!.at?.toISOString() ?? null).toBe(parseGraphPost(text).nextUpdateAt?.toISOString() ?? null);
  });

  it('fills the column of every update written, whatever writes it', async () => {
    const { rows } = await client.query<{ promised: Date | null }>(
      `WITH i AS (
         INSERT INTO incidents (reference, title, classification, status, level, is_resolved, first_seen_at,
           last_updated_at, provisional)
         VALUES ('EX1', 'Delays', 'INCIDENT', 'investigating', 'INVESTIGATING', false, now(), now(), false)
         RETURNING id)
       INSERT INTO incident_updates (incident_id, channel, external_id, posted_at, text)
       SELECT i.id, 'GRAPH', post.external_id, now(), post.text FROM i,
         (VALUES ('a', $1::text), ('b', 'No promise here.')) AS post (external_id, text)
       RETURNING next_update_by AS promised`,
      [POSTS[0]],
    );
    expect(rows.map((row) => row.promised?.toISOString() ?? null)).toEqual([
      '2026-11-20T09:00:00.000Z',
      null,
    ]);
  });
});
