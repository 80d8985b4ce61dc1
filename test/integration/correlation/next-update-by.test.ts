import { nextUpdateByOf } from '#domain';
import { createDataSource } from '#persistence';
import { createTestDatabase, type TestDatabase } from '#testing';
import type { DataSource } from 'typeorm';
import { IncidentStore } from '../../../libs/correlation/src/incident.store.js';

/**
 * A post's promised next update (`incident_updates.next_update_by`) is written with the post by the
 * correlator (`nextUpdateByOf`), and filled by PostgreSQL's own reading (`beacon_next_update_by`) for a writer
 * that leaves it empty (migration NextUpdateByWritten): both readings must agree, text for text.
 */
const TEXTS = [
  'Title: Delays\n\nUser impact: Users may see delays.\n\nNext update by: Thursday, November 20, 2026, at 9:00 AM UTC',
  'Title: Delays\nStart time: Thursday, November 20, 2026, at 7:40 AM UTC\nNext update by: Friday, November 20, 2026, at 11:00 AM UTC',
  'Preliminary root cause:\nA recent update.\nNext update by:\nFriday, November 20, 2026, at 11:00 AM UTC',
  'Current status: We are deploying a fix. Next update by: Friday, November 20, 2026, at 1:30 PM UTC',
  'Current status: fixing.\tNEXT UPDATE BY:   Nov. 20th, 2026, at 12:30 P.M. UTC (4:30 AM PST)',
  'Next update by: 2026-11-20T10:18:03+0130\nScope of impact: all.',
  'Next update by: 2026-11-20T09:05:12.51Z',
  'Next update by: Friday, November 31, 2026, at 11:00 AM UTC',
  'Next update by: Friday, November 20, 2026, at 11:00 AM PST',
  'Next update by: TBD',
  'Our next update by: Friday, November 20, 2026, at 11:00 AM UTC',
  'NoNext update by: Friday, November 20, 2026, at 11:00 AM UTC',
  'Final status: The issue is resolved.\nStart time: Thursday, November 20, 2026, at 7:40 AM UTC',
  'We have resolved the issue with Exchange Online. EX1234567',
  '',
];

describe('next update by, written with the post', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let incidentId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = createDataSource(database.url);
    await dataSource.initialize();
    [{ id: incidentId }] = await dataSource.query(
      `INSERT INTO incidents (reference, title, classification, status, level, is_resolved, first_seen_at,
         last_updated_at, provisional)
       VALUES ('EX1', 'Delays', 'INCIDENT', 'investigating', 'INVESTIGATING', false, now(), now(), false)
       RETURNING id`,
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database.drop();
  });

  const promisesBy = async (channel: string): Promise<Array<string | null>> => {
    const rows: Array<{ at: Date | null }> = await dataSource.query(
      `SELECT next_update_by AS at FROM incident_updates WHERE channel = $1::channel ORDER BY external_id::int`,
      [channel],
    );
    return rows.map((row) => row.at?.toISOString() ?? null);
  };

  it.each(TEXTS)('reads %j as PostgreSQL does', async (text) => {
    const [{ at }] = await dataSource.query(`SELECT beacon_next_update_by($1) AS at`, [text]);
    expect(nextUpdateByOf(text)?.toISOString() ?? null).toBe((at as Date | null)?.toISOString() ?? null);
  });

  it("stores the correlator's reading, and PostgreSQL's where a writer gives none", async () => {
    await new IncidentStore(dataSource.manager).addManyUpdates(
      TEXTS.map((text, index) => ({
        incidentId,
        channel: 'GRAPH',
        externalId: String(index),
        postedAt: new Date(),
        text,
        html: null,
        kind: null,
        rawSignalId: null,
      })),
    );
    await dataSource.query(
      `INSERT INTO incident_updates (incident_id, channel, external_id, posted_at, text)
       SELECT $1, 'X', ordinality - 1, now(), text FROM unnest($2::text[]) WITH ORDINALITY AS t (text)`,
      [incidentId, TEXTS],
    );
    const expected = TEXTS.map((text) => nextUpdateByOf(text)?.toISOString() ?? null);
    expect(expected.filter((at) => at !== null).length).toBeGreaterThan(5);
    expect(await promisesBy('GRAPH')).toEqual(expected);
    expect(await promisesBy('X')).toEqual(expected);
  });

  it('reads the promise again from a rewritten text', async () => {
    await dataSource.query(
      `UPDATE incident_updates SET text = $1 WHERE channel = 'X' AND external_id = '0'`,
      ['Next update by: Saturday, November 21, 2026, at 8:00 AM UTC'],
    );
    expect((await promisesBy('X'))[0]).toBe('2026-11-21T08:00:00.000Z');
  });
});
