import { createDataSource } from '#persistence';
import { createTestDatabase, type TestDatabase } from '#testing';
import type { DataSource } from 'typeorm';
import { IncidentStore } from '../../../libs/correlation/src/incident.store.js';

/**
 * Looking incidents up by their ids: an incident has every id it has had (a provisional one merged into a
 * Graph issue, or renamed to it, keeps its own as an alias), so ids asked together may name one incident.
 */
describe('IncidentStore.findByReferences', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const idOf = new Map<string, string>();

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = createDataSource(database.url);
    await dataSource.initialize();
    // Three incidents; the first and the last are known by aliases too.
    const owners = { EX1: ['EX1', 'BCN-1', 'EX9'], EX2: ['EX2'], EX3: ['EX3', 'BCN-3'] };
    for (const [reference, aliases] of Object.entries(owners)) {
      const [{ id }] = await dataSource.query(
        `INSERT INTO incidents (reference, title, classification, status, level, is_resolved, first_seen_at,
           last_updated_at, provisional)
         VALUES ($1, 'Delays', 'INCIDENT', 'investigating', 'INVESTIGATING', false, now(), now(), false)
         RETURNING id`,
        [reference],
      );
      await dataSource.query(
        `INSERT INTO incident_references (reference, incident_id) SELECT unnest($1::text[]), $2`,
        [aliases, id],
      );
      for (const alias of aliases) idOf.set(alias, id as string);
    }
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database.drop();
  });

  it.each([
    [['EX1', 'EX2', 'BCN-1', 'EX3', 'EX9', 'BCN-3']],
    [['BCN-3', 'EX9', 'EX404', 'EX2', 'EX1']],
    [['EX404', 'BCN-1', 'EX1']],
  ])(
    'gives each id asked its own incident, one object per incident, none for an unknown id: %j',
    async (asked) => {
      const found = await new IncidentStore(dataSource.manager).findByReferences(asked);
      const known = asked.filter((reference) => idOf.has(reference));
      expect(Object.fromEntries([...found].map(([reference, incident]) => [reference, incident.id]))).toEqual(
        Object.fromEntries(known.map((reference) => [reference, idOf.get(reference)])),
      );
      for (const reference of known) {
        expect(found.get(reference)).toBe(
          found.get(known.find((other) => idOf.get(other) === idOf.get(reference))!),
        );
      }
    },
  );

  it('answers ids asked again from the incidents it holds, and reads only the others', async () => {
    const store = new IncidentStore(dataSource.manager);
    const first = await store.findByReferences(['EX1', 'EX2']);
    const second = await store.findByReferences(['EX9', 'BCN-3', 'EX2']);
    expect(second.get('EX9')).toBe(first.get('EX1'));
    expect(second.get('EX2')).toBe(first.get('EX2'));
    expect(second.get('BCN-3')!.id).toBe(idOf.get('EX3'));
  });
});
