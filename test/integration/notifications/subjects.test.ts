import { NotificationSubjectsRepository } from '#persistence';
import { createTestDatabase, type TestDatabase } from '#testing';
import { DataSource } from 'typeorm';

/** What a notification tells of an incident: its newest update, the same whichever rows hold it. */
describe(NotificationSubjectsRepository.name, () => {
  const subjects = new NotificationSubjectsRepository();
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  /** An incident with two posts of the same instant (X and the status site), their row ids as given. */
  async function incidentWithTwoPostsAt(ids: [string, string]): Promise<string> {
    const [{ id }] = await dataSource.query(
      `INSERT INTO incidents (reference, title, classification, status, level, is_resolved, first_seen_at,
                              last_updated_at, provisional)
       VALUES ('BCN-1', 'Teams', 'INCIDENT', 'investigating', 'DEGRADED', false, now(), now(), true)
       RETURNING id`,
    );
    await dataSource.query(
      `INSERT INTO incident_updates (id, incident_id, channel, external_id, posted_at, text)
       VALUES ($1, $3, 'X', 'x-1', '2026-11-20T10:00:00Z', 'From X'),
              ($2, $3, 'STATUS_SITE', 'site-1', '2026-11-20T10:00:00Z', 'From the status site')`,
      [...ids, id],
    );
    return id as string;
  }

  const LOW = '00000000-0000-4000-8000-000000000000';
  const HIGH = 'ffffffff-ffff-4fff-bfff-ffffffffffff';

  it.each([
    [LOW, HIGH],
    [HIGH, LOW],
  ])('tells of the same update of two of one instant whatever their row ids (%s, %s)', async (...ids) => {
    await dataSource.query(`DELETE FROM incidents`);
    const id = await incidentWithTwoPostsAt(ids);

    const [subject] = await subjects.incidents(dataSource.manager, [id]);

    // A rebuild writes new row ids: what was told must not change with them.
    expect(subject!.update).toMatchObject({ channel: 'STATUS_SITE', text: 'From the status site' });
  });
});
